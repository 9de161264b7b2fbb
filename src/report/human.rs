//! `--format human`: codespan-reporting diagnostics with the rule id as the code.
//!
//! Scraped copy often has one 400-character paragraph per line. Each diagnostic is rendered
//! against a *window* of its lines (about [`WINDOW`] characters around the span, ellipses
//! where cut) while line numbers and columns stay those of the real file.

use std::io;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files, SimpleFile};
use codespan_reporting::term::termcolor::WriteColor;
use codespan_reporting::term::{self, Config};

use crate::diagnostic::{Diagnostic, FileReport, Severity};
use crate::document::LineIndex;
use crate::rule::LoadError;

/// Characters of a long line shown around a span.
pub(super) const WINDOW: usize = 100;
/// Lines shorter than this are shown whole.
const LONG_LINE: usize = 120;
/// Characters kept before the span when a line is cut.
const BEFORE: usize = 40;
const ELLIPSIS: &str = "…";

fn severity(s: Severity) -> CsSeverity {
    match s {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    }
}

/// One shown line of a window.
struct WinLine {
    /// 1-based line number in the file.
    number: usize,
    /// Byte range of the shown content in the file.
    real: Range<usize>,
    /// Characters of the real line cut before the shown content.
    cut_chars: usize,
    /// Byte offset of this line in the window source, and the prefix length (ellipsis).
    start: usize,
    prefix: usize,
}

/// A file made of the windows of one diagnostic's lines.
struct Window<'a> {
    /// The file name, control characters made visible.
    name: String,
    /// The file's text (the window's offsets map into it).
    text: &'a str,
    /// The shown lines, control characters made visible.
    source: String,
    lines: Vec<WinLine>,
}

impl<'a> Window<'a> {
    fn new(name: &str, text: &'a str, index: &LineIndex, span: &Range<usize>) -> Window<'a> {
        let first = index.line_of(span.start);
        let last = index.line_of(span.end.max(span.start));
        let mut source = String::new();
        let mut lines = Vec::new();
        for line in first..=last {
            if line > first {
                source.push('\n');
            }
            let range = index.line_range(text, line);
            let content = &text[range.clone()];
            // Counted with the index: linear in the window, not in the line.
            let n = index.chars_between(text, range.start, range.end);
            // Choose the shown character range [from, to).
            let (from, to) = if n <= LONG_LINE {
                (0, n)
            } else {
                let anchor = if line == first {
                    index.chars_between(text, range.start, span.start.max(range.start))
                } else {
                    0
                };
                let end_anchor = if line == last {
                    index.chars_between(text, range.start, span.end.clamp(range.start, range.end))
                } else {
                    anchor
                };
                let mut from = anchor.saturating_sub(BEFORE);
                // Keep a short span's end in view too.
                if end_anchor > from + WINDOW && end_anchor - anchor < WINDOW {
                    from = end_anchor.saturating_sub(WINDOW);
                }
                let to = (from + WINDOW).min(n);
                let from = if to == n {
                    n.saturating_sub(WINDOW)
                } else {
                    from
                };
                (from, to)
            };
            let byte_at =
                |c: usize| index.byte_after_chars(text, range.start, c, range.end) - range.start;
            let (bf, bt) = (byte_at(from), byte_at(to));
            let start = source.len();
            let prefix = if from > 0 { ELLIPSIS.len() } else { 0 };
            if from > 0 {
                source.push_str(ELLIPSIS);
            }
            source.push_str(&super::visible(&content[bf..bt]));
            if to < n {
                source.push_str(ELLIPSIS);
            }
            lines.push(WinLine {
                number: line + 1,
                real: range.start + bf..range.start + bt,
                cut_chars: from,
                start,
                prefix,
            });
        }
        Window {
            name: super::visible(name).into_owned(),
            text,
            source,
            lines,
        }
    }

    /// Window offset of a real byte offset (clamped to the shown content).
    fn map(&self, real: usize) -> usize {
        let i = self
            .lines
            .iter()
            .rposition(|l| l.real.start <= real)
            .unwrap_or(0);
        let l = &self.lines[i];
        let shown = &self.text[l.real.start..real.clamp(l.real.start, l.real.end)];
        l.start + l.prefix + super::visible(shown).len()
    }

    fn line_at(&self, byte: usize) -> usize {
        self.lines
            .iter()
            .rposition(|l| l.start <= byte)
            .unwrap_or(0)
    }

    fn line_end(&self, i: usize) -> usize {
        self.lines
            .get(i + 1)
            .map_or(self.source.len(), |n| n.start - 1)
    }
}

impl<'a> Files<'a> for Window<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok(&self.name)
    }

    fn source(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok(&self.source)
    }

    fn line_index(&'a self, _: (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.line_at(byte_index))
    }

    fn line_number(&'a self, _: (), line_index: usize) -> Result<usize, FilesError> {
        self.lines
            .get(line_index)
            .map(|l| l.number)
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: self.lines.len(),
            })
    }

    fn line_range(&'a self, _: (), line_index: usize) -> Result<Range<usize>, FilesError> {
        let l = self.lines.get(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: self.lines.len(),
        })?;
        Ok(l.start..self.line_end(line_index))
    }

    fn column_number(
        &'a self,
        _: (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let l = &self.lines[line_index.min(self.lines.len() - 1)];
        let content_start = l.start + l.prefix;
        let shown = self
            .source
            .get(content_start..byte_index.max(content_start))
            .map_or(0, |s| s.chars().count());
        Ok(l.cut_chars + shown + 1)
    }
}

fn to_codespan(d: &Diagnostic) -> CsDiagnostic<()> {
    let mut notes: Vec<String> = Vec::new();
    if let Some(h) = &d.help {
        notes.push(format!("help: {h}"));
    }
    if let Some(f) = &d.fix {
        let how = match f.applicability {
            crate::diagnostic::Applicability::Safe => "`--fix`",
            crate::diagnostic::Applicability::Unsafe => "`--unsafe-fixes`",
            crate::diagnostic::Applicability::DisplayOnly => "by hand",
        };
        if d.help
            .as_ref()
            .is_some_and(|h| h.eq_ignore_ascii_case(&f.title))
        {
            if let Some(last) = notes.last_mut() {
                last.push_str(&format!(" ({how})"));
            }
        } else {
            notes.push(format!("fix: {} ({how})", f.title));
        }
    }
    notes.extend(d.notes.iter().map(|n| format!("note: {n}")));
    let notes = notes
        .iter()
        .map(|n| super::visible(n).into_owned())
        .collect();
    CsDiagnostic::new(severity(d.severity))
        .with_code(d.rule.as_str())
        .with_message(super::visible(&d.message))
        .with_notes(notes)
}

/// Some of a report's findings (its own, loaded with its text: [`super::per_file`]).
pub(super) fn write<W: WriteColor>(
    r: &FileReport,
    diagnostics: &[Diagnostic],
    out: &mut W,
) -> io::Result<()> {
    let config = Config::default();
    let index = &r.lines;
    for d in diagnostics {
        let mut cd = to_codespan(d);
        if r.text.is_empty() {
            let name = super::visible(&r.path);
            cd.notes.insert(0, format!("in {name}"));
            let empty = SimpleFile::new(name.as_ref(), "");
            term::emit_to_write_style(out, &config, &empty, &cd).map_err(io::Error::other)?;
            continue;
        }
        let window = Window::new(&r.path, &r.text, index, &d.span.range());
        let span = window.map(d.span.start())..window.map(d.span.end().max(d.span.start()));
        let label = super::visible(&d.label);
        cd = cd.with_labels(vec![Label::primary((), span).with_message(label)]);
        term::emit_to_write_style(out, &config, &window, &cd).map_err(io::Error::other)?;
    }
    Ok(())
}

/// Render a rule-file or config error, pointing into the TOML file.
pub fn render_load_error<W: WriteColor>(e: &LoadError, out: &mut W) -> io::Result<()> {
    let file = SimpleFile::new(e.path.as_str(), e.source_text.as_str());
    let mut d = CsDiagnostic::error().with_message(&e.message);
    match &e.span {
        Some(span) if !e.source_text.is_empty() => {
            let span = span.start.min(e.source_text.len())..span.end.min(e.source_text.len());
            d = d.with_labels(vec![Label::primary((), span).with_message("here")]);
        }
        _ => d = d.with_notes(vec![format!("in {}", e.path)]),
    }
    term::emit_to_write_style(out, &Config::default(), &file, &d).map_err(io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{fixture, Format};

    #[test]
    fn renders_rule_id_label_and_help() {
        let s = fixture::render(Format::Human);
        assert!(
            s.contains("error[quotes/space-before-opening]: missing space before opening quote"),
            "{s}"
        );
        assert!(s.contains("┌─ news/a.txt:2:19"), "{s}");
        assert!(s.contains("= help: insert a space before the quote"), "{s}");
        assert!(s.contains("┌─ news/b.md:1:11"), "{s}");
    }

    #[test]
    fn long_lines_are_windowed_with_true_columns() {
        let long = format!(
            "{} the\"quoted\" {}\n",
            "word ".repeat(80),
            "tail ".repeat(80)
        );
        let at = long.find('"').unwrap();
        let r = FileReport::new(
            0,
            "a.txt",
            long.clone(),
            vec![Diagnostic {
                rule: crate::id::RuleId::from_static("q/x"),
                severity: Severity::Error,
                message: "m".into(),
                span: crate::span::Span::checked(&long, at..at + 1).unwrap(),
                label: "l".into(),
                help: None,
                notes: vec![],
                fix: None,
            }],
        );
        let mut buf = codespan_reporting::term::termcolor::Buffer::no_color();
        write(&r, &r.diagnostics, &mut buf).unwrap();
        let s = String::from_utf8(buf.into_inner()).unwrap();
        assert!(s.contains(&format!("a.txt:1:{}", at + 1)), "{s}");
        let shown = s.lines().find(|l| l.contains("the\"quoted")).unwrap();
        assert!(shown.contains('…'), "{s}");
        assert!(shown.chars().count() < WINDOW + 20, "{shown}");
    }
}
