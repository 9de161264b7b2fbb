//! `--format junit`: one test case per file; a file with problems fails, listing them.

use std::io;

use super::xml_escape;
use crate::diagnostic::FileReport;

pub(super) fn write<W: io::Write>(reports: &[FileReport], out: &mut W) -> io::Result<()> {
    let failures = reports.iter().filter(|r| r.problems() > 0).count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="copydesk" tests="{}" failures="{failures}">"#,
        reports.len()
    )?;
    writeln!(
        out,
        r#"  <testsuite name="copydesk" tests="{}" failures="{failures}">"#,
        reports.len()
    )?;
    for r in crate::engine::loaded(reports) {
        let name = xml_escape(&r.path);
        if r.diagnostics.is_empty() {
            writeln!(out, r#"    <testcase name="{name}" classname="copydesk"/>"#)?;
            continue;
        }
        writeln!(out, r#"    <testcase name="{name}" classname="copydesk">"#)?;
        let n = r.diagnostics.len();
        let mut body = String::new();
        for d in &r.diagnostics {
            let (line, col) = r.line_col(d.span.start());
            body.push_str(&format!(
                "{}:{line}:{col}: {}[{}] {}\n",
                r.path, d.severity, d.rule, d.message
            ));
        }
        writeln!(
            out,
            r#"      <failure message="{n} {}" type="copydesk">{}</failure>"#,
            if n == 1 { "problem" } else { "problems" },
            xml_escape(&body).replace("&#10;", "\n")
        )?;
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

#[cfg(test)]
mod tests {
    use crate::report::{fixture, Format};

    #[test]
    fn one_testcase_per_file() {
        let s = fixture::render(Format::Junit);
        assert!(
            s.contains(r#"<testsuites name="copydesk" tests="2" failures="2">"#),
            "{s}"
        );
        assert!(
            s.contains(r#"<testcase name="news/a.txt" classname="copydesk">"#),
            "{s}"
        );
        assert!(s.contains(r#"<failure message="1 problem" type="copydesk">news/a.txt:2:19: error[quotes/space-before-opening] missing space before opening quote"#), "{s}");
        assert_eq!(s.matches("<testcase ").count(), 2);
    }
}
