//! `--format concise`: `path:line:col: severity[rule] message`, one line each.

use std::io;

use codespan_reporting::term::termcolor::WriteColor;

use crate::diagnostic::{Diagnostic, FileReport};

/// Some of a report's findings (its own, loaded: [`super::per_file`]).
pub(super) fn write<W: WriteColor>(
    r: &FileReport,
    diagnostics: &[Diagnostic],
    out: &mut W,
) -> io::Result<()> {
    for d in diagnostics {
        let (line, col) = r.line_col(d.span.start());
        writeln!(
            out,
            "{}:{line}:{col}: {}[{}] {}",
            super::visible(&r.path),
            d.severity,
            d.rule,
            super::visible(&d.message)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::report::{fixture, Format};

    #[test]
    fn one_line_per_diagnostic_with_character_columns() {
        assert_eq!(
            fixture::render(Format::Concise),
            "news/a.txt:2:19: error[quotes/space-before-opening] missing space before opening quote\n\
             news/b.md:1:11: warning[typography/example] a warning after CJK text\n"
        );
    }
}
