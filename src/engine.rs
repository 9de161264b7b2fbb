//! Runs rules over documents: in parallel over files (rayon), then the corpus-wide phase.
//! Results come back sorted by path, position and rule id, whatever the thread count.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Settings;
use crate::diagnostic::{sort_diagnostics, Diagnostic, FileReport, Severity};
use crate::document::{Document, Format, ReadError};
use crate::rule::{Context, Fact, RuleSet, Style};
use crate::suppress;

/// Rule id of the diagnostic for a file that could not be read.
pub const UNREADABLE: &str = "io/unreadable";

/// One file to check.
#[derive(Debug, Clone)]
pub struct Job {
    /// The path as shown in output.
    pub shown: String,
    /// The file's path: read from it unless `text` is given, and matched against the
    /// config's overrides. `None` for unnamed stdin.
    pub path: Option<PathBuf>,
    /// Contents already in memory (stdin, or an editor buffer).
    pub text: Option<Vec<u8>>,
    pub settings: Arc<Settings>,
}

/// Check one parsed document with the selected rules, then apply its suppression comments
/// (reporting unused and unknown ones when `suppress/*` rules are selected).
pub fn check_document(
    doc: &Document,
    rules: &RuleSet,
    selection: &[(usize, Severity)],
    style: &Style,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let (mut unused, mut unknown) = (None, None);
    for &(i, severity) in selection {
        let rule = &rules.rules()[i];
        match rule.meta.id.as_str() {
            suppress::UNUSED => unused = Some(severity),
            suppress::UNKNOWN => unknown = Some(severity),
            _ => {
                let mut cx = Context::new(&rule.meta, severity, style, &mut out);
                rule.check.check(doc, &mut cx);
            }
        }
    }
    let findings = suppress::apply(doc, &mut out, rules, unused, unknown);
    out.extend(findings);
    sort_diagnostics(&mut out);
    out
}

/// Parse and check text as the file `shown` (format from its extension).
pub fn check_text(
    shown: &str,
    text: &str,
    settings: &Settings,
    path: Option<&std::path::Path>,
) -> Vec<Diagnostic> {
    let doc = Document::parse(shown, text.to_string(), Format::for_path(shown));
    let selection = settings.selection(path);
    check_document(&doc, &settings.rules, &selection, &settings.style)
}

/// The diagnostic for an unreadable file, pointing at the bad byte where there is one.
fn unreadable(shown: &str, bytes: &[u8], err: &ReadError) -> FileReport {
    // The text before the bad byte is valid UTF-8 for an encoding error: keep it so the
    // position reads as line:column.
    let (text, at) = match err {
        ReadError::InvalidUtf8 { offset } => (
            String::from_utf8_lossy(&bytes[..*offset]).into_owned(),
            *offset,
        ),
        _ => (String::new(), 0),
    };
    let d = Diagnostic {
        rule: UNREADABLE.to_string(),
        severity: Severity::Error,
        message: format!("cannot read `{shown}`: {err}"),
        span: at..at,
        label: "here".to_string(),
        help: match err {
            ReadError::InvalidUtf8 { .. } => Some("save the file as UTF-8".to_string()),
            ReadError::Binary { .. } => Some("exclude binary files in copydesk.toml".to_string()),
            ReadError::Io(_) => None,
        },
        notes: Vec::new(),
        fix: None,
    };
    FileReport {
        path: shown.to_string(),
        text,
        diagnostics: vec![d],
    }
}

struct Checked {
    report: FileReport,
    /// Corpus-phase facts: (rule index, fact).
    facts: Vec<(usize, Fact)>,
    /// The rules that ran on this file, with their severities.
    selection: Vec<(usize, Severity)>,
    /// Where the file was read from (to read it again after the corpus phase).
    path: Option<PathBuf>,
    settings: Arc<Settings>,
}

fn check_job(job: &Job) -> Checked {
    let bytes = match &job.text {
        Some(b) => Ok(b.clone()),
        None => std::fs::read(job.path.as_ref().expect("a job has a path or a text"))
            .map_err(|e| ReadError::Io(e.to_string())),
    };
    let settings = Arc::clone(&job.settings);
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            return Checked {
                report: unreadable(&job.shown, &[], &e),
                facts: Vec::new(),
                selection: Vec::new(),
                path: None,
                settings,
            }
        }
    };
    let doc = match Document::from_bytes(&job.shown, bytes.clone()) {
        Ok(d) => d,
        Err(e) => {
            return Checked {
                report: unreadable(&job.shown, &bytes, &e),
                facts: Vec::new(),
                selection: Vec::new(),
                path: None,
                settings,
            }
        }
    };
    let selection = settings.selection(job.path.as_deref());
    let diagnostics = check_document(&doc, &settings.rules, &selection, &settings.style);
    let facts = selection
        .iter()
        .filter_map(|&(i, _)| {
            settings.rules.rules()[i]
                .check
                .collect(&doc)
                .map(|f| (i, f))
        })
        .collect::<Vec<_>>();
    // Keep a file's text only when a diagnostic points into it: a clean file costs no memory.
    // A file on disk that the corpus phase flags later is read again then; stdin is kept.
    let text = if diagnostics.is_empty() && (facts.is_empty() || job.path.is_some()) {
        String::new()
    } else {
        doc.text
    };
    Checked {
        report: FileReport {
            path: job.shown.clone(),
            text,
            diagnostics,
        },
        facts,
        selection,
        path: job.path.clone(),
        settings,
    }
}

/// Check every job in parallel, then run corpus-wide rules. Sorted by path.
pub fn run(jobs: &[Job]) -> Vec<FileReport> {
    let mut checked: Vec<Checked> = jobs.par_iter().map(check_job).collect();
    checked.sort_by(|a, b| a.report.path.cmp(&b.report.path));
    corpus_phase(&mut checked);
    checked
        .into_iter()
        .map(|mut c| {
            if c.report.diagnostics.is_empty() {
                c.report.text = String::new();
            } else if c.report.text.is_empty() {
                if let Some(text) = c
                    .path
                    .as_ref()
                    .and_then(|p| std::fs::read_to_string(p).ok())
                {
                    c.report.text = text;
                }
            }
            c.report
        })
        .collect()
}

/// Corpus-wide rules see one fact per file (files checked with the same rule set).
fn corpus_phase(checked: &mut [Checked]) {
    type Key = (usize, usize);
    let mut by_rule: std::collections::BTreeMap<Key, Vec<(usize, Fact)>> = Default::default();
    for (file, c) in checked.iter().enumerate() {
        let set = Arc::as_ptr(&c.settings.rules) as usize;
        for (rule, fact) in &c.facts {
            by_rule
                .entry((set, *rule))
                .or_default()
                .push((file, fact.clone()));
        }
    }
    for ((_, rule), facts) in by_rule {
        let Some(first) = facts.first() else { continue };
        let settings = Arc::clone(&checked[first.0].settings);
        let r = &settings.rules.rules()[rule];
        let view: Vec<(usize, &str, &Fact)> = facts
            .iter()
            .map(|(f, fact)| (*f, checked[*f].report.path.as_str(), fact))
            .collect();
        let found = r.check.check_corpus(&view);
        for finding in found {
            let file = finding.file;
            let severity = checked[file]
                .selection
                .iter()
                .find(|(i, _)| *i == rule)
                .map_or(r.meta.severity, |&(_, s)| s);
            let d = finding.into_diagnostic(&r.meta, severity);
            let diags = &mut checked[file].report.diagnostics;
            diags.push(d);
            sort_diagnostics(diags);
        }
    }
}

/// The worst severity in some reports.
pub fn worst(reports: &[FileReport]) -> Option<Severity> {
    reports
        .iter()
        .flat_map(|r| r.diagnostics.iter().map(|d| d.severity))
        .max()
}

/// Did any file fail to be read?
pub fn any_unreadable(reports: &[FileReport]) -> bool {
    reports
        .iter()
        .any(|r| r.diagnostics.iter().any(|d| d.rule == UNREADABLE))
}
