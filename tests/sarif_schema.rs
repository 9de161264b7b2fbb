//! The SARIF output validates against the SARIF 2.1.0 JSON schema.

use std::process::Command;

#[test]
fn sarif_output_validates_against_the_schema() {
    // The published schema's `run.language` pattern has a stray `]`
    // (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`), which a strict validator rejects as a regex;
    // it is corrected here to what it means. copydesk does not emit `language`.
    let text = include_str!("fixtures/sarif-schema-2.1.0.json").replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#,
    );
    let schema: serde_json::Value = serde_json::from_str(&text).expect("the schema parses");
    let validator = jsonschema::draft7::new(&schema).expect("the schema compiles");
    // The examples hold every family's findings, fixes (safe and unsafe) included.
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "--format", "sarif", "examples/"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert!(log["runs"][0]["results"].as_array().unwrap().len() >= 10);
}
