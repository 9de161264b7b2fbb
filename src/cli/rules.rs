//! `copydesk rules` (the table) and `copydesk rules test DIR` (run a pack's examples).

use std::io::Write;

use copydesk::registry::load_dir;
use copydesk::rule::RuleSet;

use super::args::{ColorChoice, RulesAction, RulesArgs, RulesFormat};
use super::{print_load_errors, settings_for_rules, Status};

pub(super) fn run(args: RulesArgs) -> anyhow::Result<Status> {
    match args.action {
        Some(RulesAction::Test { dir }) => test(&dir),
        None => list(&args),
    }
}

fn list(args: &RulesArgs) -> anyhow::Result<Status> {
    let settings = match settings_for_rules(args.config.as_deref(), ColorChoice::Auto) {
        Ok(s) => s,
        Err(status) => return Ok(status),
    };
    let selected = settings.selection(None);
    let rules = settings.rules.rules();
    if args.format == RulesFormat::Json {
        let list: Vec<serde_json::Value> = rules
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let m = &r.meta;
                let on = selected.iter().find(|(j, _)| *j == i);
                serde_json::json!({
                    "id": m.id.as_str(),
                    "summary": m.summary,
                    "severity": on.map_or(m.severity, |(_, s)| *s).as_str(),
                    "kind": m.kind,
                    "fixable": m.fixable,
                    "enabled": on.is_some(),
                    "source": m.source,
                    "docs": m.docs,
                })
            })
            .collect();
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &list)?;
        writeln!(out)?;
        return Ok(Status::Clean);
    }
    let width = rules
        .iter()
        .map(|r| r.meta.id.as_str().len())
        .max()
        .unwrap_or(2)
        .max(2);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{:width$}  {:8}  {:24}  {:7}  enabled",
        "id", "severity", "kind", "fixable"
    )?;
    for (i, r) in rules.iter().enumerate() {
        let m = &r.meta;
        let on = selected.iter().find(|(j, _)| *j == i);
        let severity = on.map_or(m.severity, |(_, s)| *s);
        writeln!(
            out,
            "{:width$}  {:8}  {:24}  {:7}  {}",
            m.id,
            severity.as_str(),
            m.kind,
            if m.fixable { "yes" } else { "no" },
            if on.is_some() { "yes" } else { "no" }
        )?;
    }
    Ok(Status::Clean)
}

fn test(dir: &std::path::Path) -> anyhow::Result<Status> {
    let rules = match load_dir(dir) {
        Ok(r) => r,
        Err(errors) => {
            print_load_errors(&errors, ColorChoice::Auto);
            return Ok(Status::Error);
        }
    };
    let rules = std::sync::Arc::new(RuleSet::new(rules));
    let mut out = std::io::stdout().lock();
    let (mut passed, mut failed) = (0, 0);
    for (index, rule) in rules.rules().iter().enumerate() {
        for (i, ex) in rule.meta.examples.iter().enumerate() {
            match copydesk::examples::check(ex, &rules, index) {
                Ok(()) => passed += 1,
                Err(f) => {
                    failed += 1;
                    let kind = if ex.is_bad() { "bad" } else { "good" };
                    writeln!(
                        out,
                        "FAIL {} example {} ({kind}): {}",
                        rule.meta.id,
                        i + 1,
                        f.message
                    )?;
                    writeln!(out, "    expected: {}", ex.text)?;
                    writeln!(out, "    found:    {}", f.found)?;
                }
            }
        }
    }
    writeln!(
        out,
        "{} rules: {passed} examples passed, {failed} failed",
        rules.len()
    )?;
    Ok(if failed > 0 {
        Status::Problems
    } else {
        Status::Clean
    })
}
