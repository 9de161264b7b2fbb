//! Every example of every rule, through the real loader: exact spans, exact fixed text,
//! at least one bad and one good example per rule. All failures are reported at once.

use std::path::Path;

use copydesk::registry::{load_dir, load_embedded};
use copydesk::rule::{Rule, RuleSet};

fn messages(errors: &[copydesk::rule::LoadError]) -> String {
    errors
        .iter()
        .map(std::string::ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

fn check_all(rules: Vec<Rule>) -> Vec<String> {
    let set = std::sync::Arc::new(RuleSet::new(rules));
    let mut failures = Vec::new();
    for (index, rule) in set.rules().iter().enumerate() {
        let m = &rule.meta;
        if !m.examples.iter().any(copydesk::rule::Example::is_bad)
            || !m.examples.iter().any(|e| !e.is_bad())
        {
            failures.push(format!(
                "{}: needs at least one bad and one good example",
                m.id
            ));
        }
        if m.docs.trim().is_empty() || m.summary.trim().is_empty() || m.message.trim().is_empty() {
            failures.push(format!(
                "{}: summary, message and docs must not be empty",
                m.id
            ));
        }
        for (i, ex) in m.examples.iter().enumerate() {
            if let Err(f) = copydesk::examples::check(ex, &set, index) {
                failures.push(format!(
                    "{} example {}: {}\n    expected: {}",
                    m.id,
                    i + 1,
                    f,
                    ex.text
                ));
            }
        }
    }
    failures
}

#[test]
fn every_builtin_rule_example_holds() {
    let rules = load_embedded().unwrap_or_else(|e| panic!("{}", messages(&e)));
    assert!(rules.len() >= 5, "the built-in packs are embedded");
    let failures = check_all(rules);
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn embedded_rules_match_the_rules_folder() {
    let on_disk = load_dir(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")))
        .unwrap_or_else(|e| panic!("{}", messages(&e)));
    let embedded = load_embedded().unwrap_or_else(|e| panic!("{}", messages(&e)));
    let ids = |r: &[Rule]| r.iter().map(|r| r.meta.id.clone()).collect::<Vec<_>>();
    let (mut a, mut b) = (ids(&on_disk), ids(&embedded));
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

#[test]
fn every_fixture_rule_pack_example_holds() {
    // User packs used by the CLI tests are held to the same standard.
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/house-rules"
    ));
    let rules = load_dir(dir).unwrap_or_else(|e| panic!("{}", messages(&e)));
    assert!(!rules.is_empty());
    let failures = check_all(rules);
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
