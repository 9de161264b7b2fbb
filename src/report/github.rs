//! `--format github`: GitHub Actions workflow commands, one annotation per diagnostic
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=RULE::message`), then a summary
//! line, since GitHub shows only ten annotations of each kind per step.

use std::io;

use crate::diagnostic::{FileReport, Severity};

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

pub(super) fn write<W: io::Write>(reports: &[FileReport], out: &mut W) -> io::Result<()> {
    for r in reports {
        let lines = &r.lines;
        for d in &r.diagnostics {
            let ((line, col), (end_line, end_col)) =
                super::positions(&r.text, lines, &d.span.range());
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut message = d.message.clone();
            if let Some(h) = &d.help {
                message.push_str(&format!("\nhelp: {h}"));
            }
            writeln!(
                out,
                "::{level} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
                property(&r.path),
                property(d.rule.as_str()),
                data(&message)
            )?;
        }
    }
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
            "::error file=news/a.txt,line=2,col=19,endLine=2,endColumn=20,title=quotes/space-before-opening::missing space before opening quote%0Ahelp: insert a space before the quote\n\
             ::warning file=news/b.md,line=1,col=11,endLine=1,endColumn=14,title=typography/example::a warning after CJK text\n\
             copydesk: 2 problems (1 error, 1 warning) in 2 files of 2 checked; 1 fixable with `--fix` (GitHub shows at most 10 annotations of each kind per step; the log above has them all)\n"
        );
    }
}
