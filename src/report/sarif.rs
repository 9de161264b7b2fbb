//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, GitLab).
//! `tool.driver.rules` carries each rule's summary and docs; results carry a stable `ruleId`,
//! `partialFingerprints` that survive lines moving, and fixes as SARIF fixes. Columns are
//! Unicode code points (`columnKind`), the same as every other format.

use std::collections::HashMap;
use std::io;

use serde::Serialize;
use serde_json::{json, Value};

use crate::diagnostic::{Diagnostic, FileReport, Fingerprint, Severity};
use crate::rule::RuleSet;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A region of a file. Fields in the order `json!` gave them (sorted), like every object
/// here, so the bytes are those of the earlier output.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    char_length: usize,
    char_offset: usize,
    end_column: usize,
    end_line: usize,
    start_column: usize,
    start_line: usize,
}

fn region(r: &FileReport, span: std::ops::Range<usize>) -> Region {
    let ((line, col), (end_line, end_col)) = r.positions(span.clone());
    let char_offset = r.chars_before(span.start);
    Region {
        char_length: r.chars_before(span.end).saturating_sub(char_offset),
        char_offset,
        end_column: end_col,
        end_line,
        start_column: col,
        start_line: line,
    }
}

#[derive(Serialize)]
struct Text<'a> {
    text: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
struct Uri<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: Uri<'a>,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fingerprints {
    primary_location_line_hash: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Text<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: Uri<'a>,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    artifact_changes: [ArtifactChange<'a>; 1],
    description: Text<'a>,
}

/// One result (a typed value, not a `serde_json::Value` tree: a large run has many).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    fixes: Option<[SarifFix<'a>; 1]>,
    level: &'static str,
    locations: [Location<'a>; 1],
    message: Text<'a>,
    partial_fingerprints: Fingerprints,
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
}

fn result<'a>(
    r: &'a FileReport,
    d: &'a Diagnostic,
    rule_index: Option<usize>,
    fingerprint: Fingerprint,
) -> SarifResult<'a> {
    let message = super::message_with_help(d);
    let fixes = d.fix.as_ref().map(|f| {
        [SarifFix {
            artifact_changes: [ArtifactChange {
                artifact_location: Uri { uri: &r.path },
                replacements: f
                    .edits
                    .iter()
                    .map(|e| Replacement {
                        deleted_region: region(r, e.start()..e.end()),
                        inserted_content: Text {
                            text: e.replacement.as_str().into(),
                        },
                    })
                    .collect(),
            }],
            description: Text {
                text: format!("{} ({})", f.title, f.applicability.as_str()).into(),
            },
        }]
    });
    SarifResult {
        fixes,
        level: level(d.severity),
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: Uri { uri: &r.path },
                region: region(r, d.span.range()),
            },
        }],
        message: Text { text: message },
        partial_fingerprints: Fingerprints {
            primary_location_line_hash: fingerprint.to_string(),
        },
        rule_id: d.rule.as_str(),
        rule_index,
    }
}

/// The results, streamed: positions and fingerprints come from each report (worked out
/// when its file was checked), so no text is read again.
struct Results<'a> {
    reports: &'a [FileReport],
    index: &'a HashMap<&'a str, usize>,
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(None)?;
        for r in crate::engine::loaded(self.reports) {
            for (d, fingerprint) in r.diagnostics.iter().zip(r.fingerprints()) {
                let i = self.index.get(d.rule.as_str()).copied();
                seq.serialize_element(&result(&r, d, i, fingerprint))?;
            }
        }
        seq.end()
    }
}

pub(super) fn write<W: io::Write>(
    reports: &[FileReport],
    rules: &RuleSet,
    out: &mut W,
) -> io::Result<()> {
    // Only the rules that appear in the results, in id order, plus the io/suppress ones.
    let mut used: Vec<crate::id::RuleId> = reports
        .iter()
        .flat_map(|r| r.counts().map(|c| c.0.clone()))
        .collect();
    used.sort_unstable();
    used.dedup();
    let index: HashMap<&str, usize> = used
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let descriptors: Vec<Value> = used
        .iter()
        .map(crate::id::RuleId::as_str)
        .map(|id| match rules.get(id) {
            Some(r) => json!({
                "id": id,
                "name": id.replace('/', "-"),
                "shortDescription": {"text": r.meta.summary},
                "fullDescription": {"text": r.meta.docs.trim()},
                "help": {"text": r.meta.docs.trim(), "markdown": r.meta.docs.trim()},
                "defaultConfiguration": {"level": level(r.meta.severity)},
                "properties": {"kind": r.meta.kind, "fixable": r.meta.fixable},
            }),
            None => json!({"id": id, "shortDescription": {"text": id}}),
        })
        .collect();
    let results = Results {
        reports,
        index: &index,
    };
    // Keys in the order `json!` gives them (sorted), with the results streamed.
    #[derive(serde::Serialize)]
    struct Log<R> {
        #[serde(rename = "$schema")]
        schema: &'static str,
        runs: [Run<R>; 1],
        version: &'static str,
    }
    #[derive(serde::Serialize)]
    struct Run<R> {
        #[serde(rename = "columnKind")]
        column_kind: &'static str,
        results: R,
        tool: Value,
    }
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            column_kind: "unicodeCodePoints",
            results,
            tool: json!({"driver": {
                "name": "copydesk",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/copydesk",
                "rules": descriptors,
            }}),
        }],
        version: "2.1.0",
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use crate::report::{fixture, Format};

    #[test]
    fn results_rules_fixes_and_fingerprints() {
        let v: serde_json::Value = serde_json::from_str(&fixture::render(Format::Sarif)).unwrap();
        let run = &v["runs"][0];
        assert_eq!(v["version"], "2.1.0");
        assert_eq!(
            run["tool"]["driver"]["rules"][0]["id"],
            "quotes/space-before-opening"
        );
        assert!(run["tool"]["driver"]["rules"][0]["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .contains("## What it does"));
        let r0 = &run["results"][0];
        assert_eq!(r0["ruleId"], "quotes/space-before-opening");
        assert_eq!(r0["ruleIndex"], 0);
        assert_eq!(
            r0["locations"][0]["physicalLocation"]["region"]["startColumn"],
            19
        );
        assert_eq!(
            r0["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
            " "
        );
        assert!(r0["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .unwrap()
            .ends_with(":0"));
        assert_eq!(
            run["results"][1]["locations"][0]["physicalLocation"]["region"]["startColumn"],
            11
        );
    }
}
