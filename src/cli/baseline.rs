//! `check --baseline FILE [--update-baseline]`: the command-line side of
//! [`copydesk::baseline`]. Findings are keyed by the file's path relative to the baseline's
//! folder, so the same baseline serves runs from any folder.

use std::path::{Path, PathBuf};

use copydesk::baseline::Baseline;
use copydesk::diagnostic::{fingerprints, Diagnostic, FileReport};
use copydesk::document::LineIndex;
use copydesk::engine::Job;

use super::paths::{absolute, relative_key};

/// A baseline in use for this run.
pub(super) struct BaselineRun {
    path: PathBuf,
    baseline: Baseline,
    /// Each job's key in the baseline.
    keys: Vec<String>,
    /// Record (no file yet, or `--update-baseline`) rather than compare.
    recording: bool,
    /// Entries before this run (for the update summary).
    before: usize,
}

/// A job's key: its path relative to `base` with `/` separators (absolute when outside).
fn key(job: &Job, base: &Path) -> String {
    let Some(path) = job.path() else {
        return job.shown.to_string();
    };
    relative_key(path, base).unwrap_or_else(|| absolute(path).to_string_lossy().replace('\\', "/"))
}

impl BaselineRun {
    /// Open the baseline at `path` for `jobs`.
    ///
    /// # Errors
    /// The baseline does not parse or cannot be read (a message naming it).
    pub(super) fn open(path: &Path, update: bool, jobs: &[Job]) -> Result<BaselineRun, String> {
        let existing = Baseline::load(path)?;
        let recording = update || existing.is_none();
        let baseline = existing.unwrap_or_default();
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let base = absolute(parent);
        Ok(BaselineRun {
            path: path.to_path_buf(),
            before: baseline.len(),
            baseline,
            keys: jobs.iter().map(|j| key(j, &base)).collect(),
            recording,
        })
    }

    /// The diagnostics of a job's text that the baseline does not cover (for fixing:
    /// recorded findings are neither reported nor fixed).
    pub(super) fn keep(
        &self,
        job: usize,
        text: &str,
        lines: &LineIndex,
        diags: Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        if self.recording {
            return diags;
        }
        let prints = fingerprints(text, lines, &diags);
        self.baseline.new_findings(&self.keys[job], diags, prints).0
    }

    /// Take the recorded findings out of `reports` (by the fingerprints each report keeps:
    /// no text is read again); how many matched, per baseline key.
    fn filter(&self, reports: &mut [FileReport]) -> std::collections::HashMap<&str, usize> {
        let mut matched: std::collections::HashMap<&str, usize> = Default::default();
        for r in reports.iter_mut() {
            let key = self.keys[r.job].as_str();
            let prints = r.fingerprints();
            let diags = std::mem::take(&mut r.diagnostics);
            let (kept, n) = self.baseline.new_findings(key, diags, prints);
            r.diagnostics = kept;
            *matched.entry(key).or_default() += n;
        }
        matched
    }

    /// When recording, write today's findings; either way, take the recorded findings out
    /// of `reports`. Returns a line for standard error (what was recorded, or how many
    /// entries are stale), if there is something to say.
    ///
    /// # Errors
    /// The baseline cannot be written.
    pub(super) fn apply(&mut self, reports: &mut [FileReport]) -> Result<Option<String>, String> {
        if self.recording {
            for r in reports.iter() {
                self.baseline
                    .record(&self.keys[r.job], &r.diagnostics, &r.fingerprints());
            }
            self.baseline
                .write(&self.path)
                .map_err(|e| format!("cannot write baseline `{}`: {e}", self.path.display()))?;
            self.recording = false;
            self.filter(reports);
            let n = self.baseline.len();
            let noun = if n == 1 { "finding" } else { "findings" };
            return Ok(Some(if self.before == 0 {
                format!(
                    "recorded {n} {noun} in the baseline `{}`; later runs report only new ones",
                    self.path.display()
                )
            } else {
                format!(
                    "updated the baseline `{}`: {n} {noun} (was {})",
                    self.path.display(),
                    self.before
                )
            }));
        }
        let matched = self.filter(reports);
        let stale: usize = matched
            .iter()
            .map(|(key, n)| self.baseline.count(key).saturating_sub(*n))
            .sum();
        Ok((stale > 0).then(|| {
            format!(
                "{stale} baseline {} no longer {} a finding (fixed or edited): \
                 `--update-baseline` shrinks `{}`",
                if stale == 1 { "entry" } else { "entries" },
                if stale == 1 { "matches" } else { "match" },
                self.path.display()
            )
        }))
    }
}
