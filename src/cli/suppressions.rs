//! `check --add-suppressions`: a `copydesk-disable-line` comment written at the end of every
//! line with a finding in Markdown (like ruff's `--add-noqa`), so an archive can switch a
//! rule on today and be cleaned up later. Each file is checked again with its comments: a
//! comment that does not take (a table's extra cell, a line ending inside code) is left
//! out, and nothing else may change. Idempotent: suppressed lines have no findings left.

use copydesk::diagnostic::{Diagnostic, FileReport};
use copydesk::document::{Document, Format};
use copydesk::engine::{self, check_text, Job};
use copydesk::fix;
use copydesk::suppress::{insert, line_comments, original_offset, Insertion};

/// What `--add-suppressions` did.
#[derive(Debug, Default)]
pub(super) struct Added {
    pub comments: usize,
    pub files: usize,
    /// Files that could not be written (each already reported on stderr).
    pub failed: bool,
}

/// (line in the original text, rule) of each diagnostic of a text made from the original
/// by `ins`.
fn keys(
    original: &str,
    ins: &[Insertion],
    diags: &[Diagnostic],
) -> std::collections::HashSet<(usize, String)> {
    let lines = copydesk::document::LineIndex::new(original);
    diags
        .iter()
        .map(|d| {
            let at = original_offset(ins, d.span.start());
            (lines.line_of(at), d.rule.as_str().to_string())
        })
        .collect()
}

/// The comments for one file that take effect and change nothing else.
fn plan(job: &Job, report: &FileReport) -> Vec<Insertion> {
    let doc = Document::parse(
        &job.shown,
        report.text.clone(),
        Format::for_path(&job.shown),
    );
    let mut ins = line_comments(&doc, &report.diagnostics);
    let before = keys(
        &report.text,
        &[],
        &check_text(&job.shown, &report.text, &job.settings, job.path()),
    );
    // Two rounds: drop the comments that did not take, then confirm the rest.
    for _ in 0..2 {
        if ins.is_empty() {
            break;
        }
        let new = insert(&report.text, &ins);
        let after = keys(
            &report.text,
            &ins,
            &check_text(&job.shown, &new, &job.settings, job.path()),
        );
        // Positions are mapped back to the original's lines. A comment
        // fails when a rule it names still fires on its line, or anything new appears there.
        let bad: std::collections::HashSet<usize> = after
            .iter()
            .filter_map(|(line, rule)| {
                let i = ins.iter().find(|i| i.line == *line)?;
                let failed = i.rules.contains(rule) || !before.contains(&(*line, rule.clone()));
                failed.then_some(*line)
            })
            .collect();
        if bad.is_empty() {
            return ins;
        }
        ins.retain(|i| !bad.contains(&i.line));
    }
    ins
}

/// Add the comments to every file on disk with findings in `reports`.
pub(super) fn add(jobs: &[Job], reports: &[FileReport]) -> Added {
    let mut out = Added::default();
    for r in engine::with_texts(reports) {
        let r: &FileReport = &r;
        let job = &jobs[r.job];
        let Some(path) = job.file() else { continue };
        if r.diagnostics.is_empty() {
            continue;
        }
        let ins = plan(job, r);
        if ins.is_empty() {
            continue;
        }
        let new = insert(&r.text, &ins);
        match fix::write_fixed(path, &r.text, &new) {
            Ok(()) => {
                out.comments += ins.len();
                out.files += 1;
            }
            Err(e) => {
                eprintln!(
                    "copydesk: error: {}: cannot add suppressions: {e}",
                    job.shown
                );
                out.failed = true;
            }
        }
    }
    out
}
