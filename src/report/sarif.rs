//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, GitLab).
//! `tool.driver.rules` carries each rule's summary and docs; results carry a stable `ruleId`,
//! `partialFingerprints` that survive lines moving, and fixes as SARIF fixes. Columns are
//! Unicode code points (`columnKind`), the same as every other format.

use std::collections::HashMap;
use std::io;

use serde_json::{json, Value};

use crate::diagnostic::{Diagnostic, FileReport, Fingerprint, Severity};
use crate::document::LineIndex;
use crate::rule::RuleSet;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn region(text: &str, lines: &LineIndex, span: &std::ops::Range<usize>) -> Value {
    let ((line, col), (end_line, end_col)) = super::positions(text, lines, span);
    json!({"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col,
           "charOffset": lines.chars_between(text, 0, span.start), "charLength": text.get(span.clone()).map_or(0, |s| s.chars().count())})
}

fn result(
    r: &FileReport,
    lines: &LineIndex,
    d: &Diagnostic,
    rule_index: Option<usize>,
    fingerprint: Fingerprint,
) -> Value {
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message.push_str(&format!(" (help: {h})"));
    }
    let mut v = json!({
        "ruleId": d.rule,
        "level": level(d.severity),
        "message": {"text": message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": r.path},
            "region": region(&r.text, lines, &d.span.range()),
        }}],
        "partialFingerprints": {"primaryLocationLineHash": fingerprint.to_string()},
    });
    if let Some(i) = rule_index {
        v["ruleIndex"] = json!(i);
    }
    if let Some(f) = &d.fix {
        let replacements: Vec<Value> = f
            .edits
            .iter()
            .map(|e| json!({"deletedRegion": region(&r.text, lines, &(e.start()..e.end())), "insertedContent": {"text": e.replacement}}))
            .collect();
        v["fixes"] = json!([{
            "description": {"text": format!("{} ({})", f.title, f.applicability.as_str())},
            "artifactChanges": [{"artifactLocation": {"uri": r.path}, "replacements": replacements}],
        }]);
    }
    v
}

pub(super) fn write<W: io::Write>(
    reports: &[FileReport],
    rules: &RuleSet,
    out: &mut W,
) -> io::Result<()> {
    // Only the rules that appear in the results, in id order, plus the io/suppress ones.
    let mut used: Vec<&str> = reports
        .iter()
        .flat_map(|r| r.diagnostics.iter().map(|d| d.rule.as_str()))
        .collect();
    used.sort_unstable();
    used.dedup();
    let index: HashMap<&str, usize> = used.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let descriptors: Vec<Value> = used
        .iter()
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
    let results = super::EachReport(reports, |r: &FileReport| {
        r.diagnostics
            .iter()
            .zip(r.fingerprints())
            .map(|(d, fingerprint)| {
                result(
                    r,
                    &r.lines,
                    d,
                    index.get(d.rule.as_str()).copied(),
                    fingerprint,
                )
            })
            .collect()
    });
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
