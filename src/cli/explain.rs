//! `copydesk explain ID`: a rule's documentation and examples, as Markdown.

use std::io::Write;

use super::args::{ColorChoice, ExplainArgs};
use super::{settings_for_rules, Status};

pub(super) fn run(args: ExplainArgs) -> anyhow::Result<Status> {
    let settings = match settings_for_rules(args.config.as_deref(), ColorChoice::Auto) {
        Ok(s) => s,
        Err(status) => return Ok(status),
    };
    let Some(rule) = settings.rules.get(&args.rule) else {
        let close: Vec<&str> = settings
            .rules
            .rules()
            .iter()
            .map(|r| r.meta.id.as_str())
            .filter(|id| edit_distance(id, &args.rule) <= 3)
            .collect();
        eprintln!("copydesk: error: no rule `{}`", args.rule);
        if !close.is_empty() {
            eprintln!("  similar: {}", close.join(", "));
        }
        eprintln!("  `copydesk rules` lists every rule");
        return Ok(Status::Error);
    };
    let m = &rule.meta;
    let mut out = std::io::stdout().lock();
    writeln!(out, "# {}\n", m.id)?;
    writeln!(out, "{}\n", m.summary)?;
    writeln!(
        out,
        "severity: {} · kind: {} · fix: {} · {} by default · defined in {}\n",
        m.severity,
        m.kind,
        if m.fixable { "yes" } else { "no" },
        if m.enabled { "on" } else { "off" },
        m.source
    )?;
    writeln!(out, "{}\n", m.docs.trim())?;
    writeln!(out, "## Examples\n")?;
    for ex in &m.examples {
        if ex.is_bad() {
            writeln!(
                out,
                "Bad (flagged spans in ⟦ ⟧):\n\n    {}\n",
                ex.text.replace('\n', "\n    ")
            )?;
            if let Some(f) = &ex.fixed {
                writeln!(out, "Fixed:\n\n    {}\n", f.replace('\n', "\n    "))?;
            }
        } else {
            writeln!(out, "Good:\n\n    {}\n", ex.text.replace('\n', "\n    "))?;
        }
    }
    Ok(Status::Clean)
}

/// Levenshtein distance, for "did you mean" suggestions.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
