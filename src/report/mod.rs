//! Output formats, one file each, all fed the same sorted [`FileReport`]s.

mod checkstyle;
mod concise;
mod github;
mod human;
mod json;
mod junit;
mod sarif;

use std::io;

use codespan_reporting::term::termcolor::WriteColor;

use crate::diagnostic::{FileReport, Severity};
use crate::document::LineIndex;
use crate::rule::RuleSet;

pub use human::render_load_error;

/// `--format` values (contract: the names users type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Annotated diagnostics with the source shown.
    Human,
    /// `path:line:col: severity[rule] message`.
    Concise,
    /// A JSON array, one object per diagnostic.
    Json,
    /// SARIF 2.1.0 (code scanning).
    Sarif,
    /// GitHub Actions annotations.
    Github,
    /// `JUnit` XML, one test case per file.
    Junit,
    /// Checkstyle XML.
    Checkstyle,
}

/// Write every report in `format`. `rules` describes the rules (SARIF lists them).
pub fn write<W: WriteColor>(
    format: Format,
    reports: &[FileReport],
    rules: &RuleSet,
    out: &mut W,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(reports, out),
        Format::Concise => concise::write(reports, out),
        Format::Json => json::write(reports, out),
        Format::Sarif => sarif::write(reports, rules, out),
        Format::Github => github::write(reports, out),
        Format::Junit => junit::write(reports, out),
        Format::Checkstyle => checkstyle::write(reports, out),
    }
}

/// Escape text for XML attributes and content.
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            c if (c as u32) < 0x20 && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Start and end (exclusive) of a span as 1-based (line, character column).
pub fn positions(
    text: &str,
    lines: &LineIndex,
    span: &std::ops::Range<usize>,
) -> ((usize, usize), (usize, usize)) {
    (
        lines.line_col(text, span.start),
        lines.line_col(text, span.end),
    )
}

/// Counts for the closing summary line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub files_with_problems: usize,
    pub files: usize,
    pub fixable: usize,
}

impl Totals {
    pub fn of(reports: &[FileReport]) -> Totals {
        let mut t = Totals {
            files: reports.len(),
            ..Totals::default()
        };
        for r in reports {
            if !r.diagnostics.is_empty() {
                t.files_with_problems += 1;
            }
            for d in &r.diagnostics {
                match d.severity {
                    Severity::Error => t.errors += 1,
                    Severity::Warning => t.warnings += 1,
                    Severity::Info => t.infos += 1,
                }
                if d.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability == crate::diagnostic::Applicability::Safe)
                {
                    t.fixable += 1;
                }
            }
        }
        t
    }

    pub fn problems(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl std::fmt::Display for Totals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.problems() == 0 {
            return write!(f, "no problems in {}", plural(self.files, "file", "files"));
        }
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(plural(self.errors, "error", "errors"));
        }
        if self.warnings > 0 {
            parts.push(plural(self.warnings, "warning", "warnings"));
        }
        if self.infos > 0 {
            parts.push(plural(self.infos, "info", "infos"));
        }
        write!(
            f,
            "{} ({}) in {} of {} checked",
            plural(self.problems(), "problem", "problems"),
            parts.join(", "),
            plural(self.files_with_problems, "file", "files"),
            self.files
        )?;
        if self.fixable > 0 {
            write!(f, "; {} fixable with `--fix`", self.fixable)?;
        }
        Ok(())
    }
}

/// `--statistics`: problems per rule, most frequent first.
pub fn statistics<W: WriteColor>(reports: &[FileReport], out: &mut W) -> io::Result<()> {
    let mut counts: std::collections::BTreeMap<&str, (usize, usize, Severity)> = Default::default();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        let e = counts.entry(d.rule.as_str()).or_insert((0, 0, d.severity));
        e.0 += 1;
        if d.fix
            .as_ref()
            .is_some_and(|f| f.applicability == crate::diagnostic::Applicability::Safe)
        {
            e.1 += 1;
        }
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    for (rule, (n, fixable, severity)) in rows {
        let mark = if fixable > 0 {
            format!(" ({fixable} fixable)")
        } else {
            String::new()
        };
        writeln!(out, "{n:6}  {:7}  {rule}{mark}", severity.as_str())?;
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod fixture {
    //! One shared set of diagnostics every format is tested against.
    use crate::diagnostic::{Applicability, Diagnostic, Edit, FileReport, Fix, Severity};

    pub(crate) fn reports() -> Vec<FileReport> {
        let a = "Title\nHe was turning the\"high resolution\" rhetoric.\n".to_string();
        let q = a.find('"').unwrap();
        let b = "他说“明年还会再来”and left.\n".to_string();
        let c = b.find("and").unwrap();
        let span_a = crate::span::Span::checked(&a, q..q + 1).unwrap();
        let fix_a = Edit::checked(&a, q..q, " ").unwrap();
        let span_b = crate::span::Span::checked(&b, c..c + 3).unwrap();
        vec![
            FileReport::new(
                0,
                "news/a.txt".into(),
                a,
                vec![Diagnostic {
                    rule: crate::id::RuleId::from_static("quotes/space-before-opening"),
                    severity: Severity::Error,
                    message: "missing space before opening quote".into(),
                    span: span_a,
                    label: "opening quote glued to `the`".into(),
                    help: Some("insert a space before the quote".into()),
                    notes: vec![],
                    fix: Some(Fix::one("insert a space", Applicability::Safe, fix_a)),
                }],
            ),
            FileReport::new(
                1,
                "news/b.md".into(),
                b,
                vec![Diagnostic {
                    rule: crate::id::RuleId::from_static("typography/example"),
                    severity: Severity::Warning,
                    message: "a warning after CJK text".into(),
                    span: span_b,
                    label: "here".into(),
                    help: None,
                    notes: vec!["a note".into()],
                    fix: None,
                }],
            ),
        ]
    }

    pub(crate) fn render(format: super::Format) -> String {
        let mut buf = codespan_reporting::term::termcolor::Buffer::no_color();
        let rules = crate::config::builtin_rules().unwrap();
        super::write(format, &reports(), &rules, &mut buf).unwrap();
        String::from_utf8(buf.into_inner()).unwrap()
    }
}
