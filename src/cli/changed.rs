//! `check --changed-since REF`: only the files changed since REF (and untracked ones).
//! `check --changed-lines REF`: the pull-request mode. Only findings on lines added or
//! changed since the git revision REF (committed, staged or not) are reported and fixed;
//! a file git does not track yet is new in every line. Errors of the run itself (`io/…`,
//! `internal/…`) are always reported.

use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::Command;

use copydesk::diagnostic::Diagnostic;
use copydesk::engine::Job;

use super::paths::{absolute, relative_key};

/// Which lines of which files changed.
pub(super) struct ChangedLines {
    /// Per job: `None` = every line (untracked, or standard input); `Some(ranges)` = those
    /// 1-based lines (empty: nothing changed).
    per_job: Vec<Option<Vec<RangeInclusive<usize>>>>,
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("git cannot run: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The added lines of each file in a `git diff --unified=0` (paths relative to the top).
/// Hunk bodies are skipped by their counts, so a content line that looks like a header
/// (an added `++ x` shows as `+++ x`) is never read as one.
fn parse_diff(diff: &str) -> HashMap<String, Vec<RangeInclusive<usize>>> {
    let mut out: HashMap<String, Vec<RangeInclusive<usize>>> = HashMap::new();
    let mut current: Option<String> = None;
    let mut body = 0usize;
    for line in diff.lines() {
        if body > 0 {
            if line.starts_with(['-', '+']) {
                body -= 1;
                continue;
            }
            // `\ No newline at end of file` belongs to the hunk without counting.
            if line.starts_with('\\') {
                continue;
            }
            body = 0;
        }
        if let Some(path) = line.strip_prefix("+++ ") {
            current = path.strip_prefix("b/").map(str::to_string);
        } else if let Some(hunk) = line.strip_prefix("@@ ") {
            // `@@ -a,b +c,d @@`: lines c .. c+d-1 of the new file (a count defaults to 1).
            let count = |w: &str| -> (usize, usize) {
                let mut parts = w.split(',');
                let start = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
                let n = parts
                    .next()
                    .map_or(Some(1), |s| s.parse().ok())
                    .unwrap_or(0);
                (start, n)
            };
            let mut words = hunk.split(' ');
            let (_, old_n) = words
                .next()
                .and_then(|w| w.strip_prefix('-'))
                .map_or((0, 0), count);
            let (start, new_n) = words
                .next()
                .and_then(|w| w.strip_prefix('+'))
                .map_or((0, 0), count);
            body = old_n + new_n;
            if let (Some(p), true) = (&current, new_n > 0) {
                out.entry(p.clone())
                    .or_default()
                    .push(start..=start + new_n - 1);
            }
        }
    }
    out
}

/// The repository holding the files of `jobs` (of the first one on disk), else this folder's.
fn repository(jobs: &[Job]) -> Result<PathBuf, String> {
    let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
    let at = jobs
        .iter()
        .find_map(Job::file)
        .and_then(|p| absolute(p).parent().map(Path::to_path_buf))
        .unwrap_or(cwd);
    let top = PathBuf::from(git(&at, &["rev-parse", "--show-toplevel"])?.trim_end());
    Ok(absolute(&top))
}

fn verify(top: &Path, rev: &str) -> Result<(), String> {
    git(
        top,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map(|_| ())
    .map_err(|_| format!("`{rev}` is not a git revision"))
}

/// Files git does not track yet (and does not ignore), relative to `top`.
fn untracked(top: &Path) -> Result<std::collections::HashSet<String>, String> {
    Ok(
        git(top, &["ls-files", "--others", "--exclude-standard", "-z"])?
            .split('\0')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

/// `--changed-since REV`: keep the jobs whose file changed since REV (committed, staged or
/// not) or is untracked; standard input and files outside the repository are kept.
///
/// # Errors
/// git is missing, this is not a repository, or `rev` is unknown.
pub(super) fn changed_since(rev: &str, jobs: Vec<Job>) -> Result<Vec<Job>, String> {
    let top = repository(&jobs).map_err(|e| format!("--changed-since: {e}"))?;
    verify(&top, rev).map_err(|e| format!("--changed-since: {e}"))?;
    let mut changed = untracked(&top)?;
    changed.extend(
        git(
            &top,
            &[
                "-c",
                "core.quotePath=false",
                "diff",
                "--name-only",
                "--no-renames",
                "-z",
                rev,
                "--",
            ],
        )?
        .split('\0')
        .filter(|s| !s.is_empty())
        .map(str::to_string),
    );
    Ok(jobs
        .into_iter()
        .filter(|j| {
            j.file()
                .and_then(|p| relative_key(p, &top))
                .is_none_or(|key| changed.contains(&key))
        })
        .collect())
}

impl ChangedLines {
    /// Ask git which lines of `jobs` changed since `rev`.
    ///
    /// # Errors
    /// git is missing, this is not a repository, or `rev` is unknown (git's words).
    pub(super) fn since(rev: &str, jobs: &[Job]) -> Result<ChangedLines, String> {
        let top = repository(jobs).map_err(|e| format!("--changed-lines: {e}"))?;
        verify(&top, rev).map_err(|e| format!("--changed-lines: {e}"))?;
        let diff = git(
            &top,
            &[
                "-c",
                "core.quotePath=false",
                "diff",
                "--unified=0",
                "--no-color",
                "--no-ext-diff",
                "--no-renames",
                rev,
                "--",
            ],
        )?;
        let changed = parse_diff(&diff);
        let untracked = untracked(&top)?;
        let per_job = jobs
            .iter()
            .map(|job| {
                // Standard input has no history: every line is new.
                let path = job.file()?;
                // Outside the repository: nothing to compare with, every line is new.
                let rel = relative_key(path, &top)?;
                if untracked.contains(&rel) {
                    return None;
                }
                Some(changed.get(&rel).cloned().unwrap_or_default())
            })
            .collect();
        Ok(ChangedLines { per_job })
    }

    /// Whether a job's finding `d`, whose bytes lie on the 1-based lines `first..=last`,
    /// is kept: it touches a changed line, or its file has no history to compare with, or
    /// it is about the file itself (`io/`, `internal/`).
    pub(super) fn keeps(&self, job: usize, d: &Diagnostic, (first, last): (usize, usize)) -> bool {
        let Some(Some(ranges)) = self.per_job.get(job) else {
            return true;
        };
        let rule = d.rule.as_str();
        if rule.starts_with("io/") || rule.starts_with("internal/") {
            return true;
        }
        ranges
            .iter()
            .any(|r| *r.start() <= last && first <= *r.end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_lines_of_a_unified_zero_diff() {
        let diff = "diff --git a/docs/a.md b/docs/a.md\n--- a/docs/a.md\n+++ b/docs/a.md\n\
                    @@ -3 +3 @@\n-old\n+new\n@@ -9,0 +10,2 @@\n+++ b/x\n+y\n\\ No newline at end of file\n\
                    @@ -20,3 +22,0 @@\n-gone\n--- a\n-c\n\
                    diff --git a/gone.md b/gone.md\n--- a/gone.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n";
        let c = parse_diff(diff);
        assert_eq!(c["docs/a.md"], vec![3..=3, 10..=11]);
        assert_eq!(c.len(), 1);
    }
}
