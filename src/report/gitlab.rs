//! `--format gitlab`: GitLab Code Quality (a JSON array of issues), shown in merge
//! requests. Each issue's `fingerprint` is unique and stable: the file, the rule and the
//! finding's line fingerprint (the one SARIF and `--baseline` use).

use std::io;

use serde::Serialize;

use crate::diagnostic::{fnv, FileReport, Fingerprint, Severity};

/// An opaque, unique and stable string for GitLab's `fingerprint`: a hash of the
/// file and rule, and the finding's own fingerprint (line hash and occurrence).
fn fingerprint(path: &str, rule: &str, fp: Fingerprint) -> String {
    let file = fnv(path.bytes().chain([0]).chain(rule.bytes()));
    format!("{file:016x}{:016x}{:04x}", fp.line_hash, fp.occurrence)
}

/// One issue: a typed value (fields in the order the earlier `json!` trees gave them,
/// sorted), not a `serde_json::Value` tree per finding.
#[derive(Serialize)]
struct Issue<'a> {
    categories: [&'static str; 1],
    check_name: &'a str,
    description: std::borrow::Cow<'a, str>,
    fingerprint: String,
    location: Location<'a>,
    severity: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Location<'a> {
    lines: Lines,
    path: &'a str,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

/// The issues, streamed: lines and fingerprints come from each report (worked out when its
/// file was checked), so no text is read again.
struct Issues<'a>(&'a [FileReport]);

impl Serialize for Issues<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(None)?;
        for r in crate::engine::loaded(self.0) {
            for (d, fp) in r.diagnostics.iter().zip(r.fingerprints()) {
                let ((line, _), (end_line, _)) = r.positions(d.span.range());
                seq.serialize_element(&Issue {
                    categories: ["Style"],
                    check_name: d.rule.as_str(),
                    description: super::message_with_help(d),
                    fingerprint: fingerprint(&r.path, d.rule.as_str(), fp),
                    location: Location {
                        lines: Lines {
                            begin: line,
                            end: end_line,
                        },
                        path: &r.path,
                    },
                    severity: match d.severity {
                        Severity::Error => "major",
                        Severity::Warning => "minor",
                        Severity::Info => "info",
                    },
                    kind: "issue",
                })?;
            }
        }
        seq.end()
    }
}

pub(super) fn write<W: io::Write>(reports: &[FileReport], out: &mut W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Issues(reports))?;
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
