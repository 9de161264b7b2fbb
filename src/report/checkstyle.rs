//! `--format checkstyle`: the Checkstyle XML many CI dashboards read.

use std::io;

use super::xml_escape;
use crate::diagnostic::FileReport;

pub(super) fn write<W: io::Write>(reports: &[FileReport], out: &mut W) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<checkstyle version="4.3">"#)?;
    for r in crate::engine::loaded(reports) {
        writeln!(out, r#"  <file name="{}">"#, xml_escape(&r.path))?;
        for d in &r.diagnostics {
            let (line, col) = r.line_col(d.span.start());
            writeln!(
                out,
                r#"    <error line="{line}" column="{col}" severity="{}" message="{}" source="copydesk.{}"/>"#,
                d.severity,
                xml_escape(&d.message),
                xml_escape(d.rule.as_str())
            )?;
        }
        writeln!(out, "  </file>")?;
    }
    writeln!(out, "</checkstyle>")
}

#[cfg(test)]
mod tests {
    use crate::report::{fixture, Format};

    #[test]
    fn one_file_element_per_file() {
        assert_eq!(
            fixture::render(Format::Checkstyle),
            r#"<?xml version="1.0" encoding="UTF-8"?>
<checkstyle version="4.3">
  <file name="news/a.txt">
    <error line="2" column="19" severity="error" message="missing space before opening quote" source="copydesk.quotes/space-before-opening"/>
  </file>
  <file name="news/b.md">
    <error line="1" column="11" severity="warning" message="a warning after CJK text" source="copydesk.typography/example"/>
  </file>
</checkstyle>
"#
        );
    }
}
