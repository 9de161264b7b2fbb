//! `--format gitlab`: GitLab Code Quality (a JSON array of issues), shown in merge
//! requests. Each issue's `fingerprint` is unique and stable: the file, the rule and the
//! finding's line fingerprint (the one SARIF and `--baseline` use).

use std::io;

use serde_json::json;

use crate::diagnostic::{fnv, FileReport, Fingerprint, Severity};

/// An opaque, unique and stable string for GitLab's `fingerprint`: a hash of the
/// file and rule, and the finding's own fingerprint (line hash and occurrence).
fn fingerprint(path: &str, rule: &str, fp: Fingerprint) -> String {
    let file = fnv(path.bytes().chain([0]).chain(rule.bytes()));
    format!("{file:016x}{:016x}{:04x}", fp.line_hash, fp.occurrence)
}

pub(super) fn write<W: io::Write>(reports: &[FileReport], out: &mut W) -> io::Result<()> {
    let issues = super::EachReport(reports, |r: &FileReport| {
        r.diagnostics
            .iter()
            .zip(r.fingerprints())
            .map(|(d, fp)| {
                let (line, _) = r.lines.line_col(&r.text, d.span.start());
                let (end_line, _) = r.lines.line_col(&r.text, d.span.end());
                let mut description = d.message.clone();
                if let Some(help) = &d.help {
                    description.push_str(&format!(" (help: {help})"));
                }
                json!({
                    "type": "issue",
                    "description": description,
                    "check_name": d.rule.as_str(),
                    "categories": ["Style"],
                    "severity": match d.severity {
                        Severity::Error => "major",
                        Severity::Warning => "minor",
                        Severity::Info => "info",
                    },
                    "fingerprint": fingerprint(&r.path, d.rule.as_str(), fp),
                    "location": {"path": r.path, "lines": {"begin": line, "end": end_line}},
                })
            })
            .collect()
    });
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use crate::report::{fixture, Format};

    #[test]
    fn issues_with_unique_fingerprints_and_lines() {
        let out = fixture::render(Format::Gitlab);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let issues = v.as_array().unwrap();
        assert_eq!(issues.len(), 2);
        assert_eq!(issues[0]["check_name"], "quotes/space-before-opening");
        assert_eq!(issues[0]["severity"], "major");
        assert_eq!(issues[0]["location"]["lines"]["begin"], 2);
        assert_eq!(issues[1]["severity"], "minor");
        let fp = |i: usize| issues[i]["fingerprint"].as_str().unwrap().to_string();
        assert_eq!(fp(0).len(), 36);
        assert_ne!(fp(0), fp(1));
        assert_eq!(fixture::render(Format::Gitlab), out, "stable across runs");
    }
}
