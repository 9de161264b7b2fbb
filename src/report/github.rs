//! `--format github`: GitHub Actions workflow commands, one annotation per diagnostic
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=RULE::message`), then a summary
//! line, since GitHub shows only ten annotations of each kind per step.

use std::io;

use crate::diagnostic::{Diagnostic, FileReport, Severity};

/// Escape the message part of a workflow command.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value (also `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command per diagnostic: some of a report's findings (its own, loaded:
/// independent per file, [`super::per_file`]).
pub(super) fn annotations<W: io::Write>(
    r: &FileReport,
    diagnostics: &[Diagnostic],
    out: &mut W,
) -> io::Result<()> {
    for d in diagnostics {
        let ((line, col), (end_line, end_col)) = r.positions(d.span.range());
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            message.push_str(&format!("\nhelp: {h}"));
        }
        // GitHub reads `col`/`endColumn` only on one line: a span over several lines
        // gives lines alone.
        let cols = if end_line == line {
            format!(",col={col},endColumn={end_col}")
        } else {
            String::new()
        };
        writeln!(
            out,
            "::{level} file={},line={line},endLine={end_line}{cols},title={}::{}",
            property(&r.path),
            property(d.rule.as_str()),
            data(&message)
        )?;
    }
    Ok(())
}

/// The closing line: the totals, and where to find what GitHub does not show.
pub(super) fn summary<W: io::Write>(reports: &[FileReport], out: &mut W) -> io::Result<()> {
    let totals = super::Totals::of(reports);
    writeln!(out, "copydesk: {totals} (GitHub shows at most 10 annotations of each kind per step; the log above has them all)")
}

#[cfg(test)]
mod tests {
    use crate::report::{fixture, Format};

    #[test]
    fn workflow_commands_and_summary() {
        assert_eq!(
            fixture::render(Format::Github),
            "::error file=news/a.txt,line=2,endLine=2,col=19,endColumn=20,title=quotes/space-before-opening::missing space before opening quote%0Ahelp: insert a space before the quote\n\
             ::warning file=news/b.md,line=1,endLine=1,col=11,endColumn=14,title=typography/example::a warning after CJK text\n\
             copydesk: 2 problems (1 error, 1 warning) in 2 files of 2 checked; 1 fixable with `--fix` (GitHub shows at most 10 annotations of each kind per step; the log above has them all)\n"
        );
    }

    #[test]
    fn a_span_over_lines_gives_lines_alone() {
        let mut reports = fixture::reports();
        let r = &mut reports[0];
        let end = r.text.len() - 1;
        r.diagnostics[0].span = crate::span::Span::checked(&r.text, 2..end).unwrap();
        let mut out = Vec::new();
        super::annotations(&reports[0], &reports[0].diagnostics, &mut out).unwrap();
        let first = String::from_utf8(out).unwrap();
        let first = first.lines().next().unwrap();
        assert!(
            first.starts_with("::error file=news/a.txt,line=1,endLine=2,title="),
            "{first}"
        );
    }
}
