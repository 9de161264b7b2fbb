//! `suppress/unused` and `suppress/unknown-rule`. In a run the engine applies suppression
//! comments after every rule has run (`engine::check_document`); this check does the same
//! for a document on its own (rule examples, `rules test`), with the built-in rules.

use std::sync::LazyLock;

use serde::Deserialize;

use crate::document::Document;
use crate::kinds::KindError;
use crate::rule::{Check, Context, RuleSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Report {
    Unused,
    UnknownRule,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    report: Report,
}

pub(super) fn create(params: toml::Table) -> Result<(Box<dyn Check>, bool), KindError> {
    let p: Params = super::params(params)?;
    Ok((Box::new(Suppression { report: p.report }), false))
}

struct Suppression {
    report: Report,
}

/// The built-in rules, for checking a document on its own.
static BUILTIN: LazyLock<RuleSet> =
    LazyLock::new(|| RuleSet::new(crate::rule::load_embedded().unwrap_or_default()));

impl Check for Suppression {
    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let selection: Vec<_> = BUILTIN
            .rules()
            .iter()
            .enumerate()
            .filter(|(_, r)| r.meta.enabled)
            .map(|(i, r)| (i, r.meta.severity))
            .collect();
        let want = match self.report {
            Report::Unused => crate::suppress::UNUSED,
            Report::UnknownRule => crate::suppress::UNKNOWN,
        };
        for d in crate::engine::check_document(doc, &BUILTIN, &selection, cx.style) {
            if d.rule == want {
                cx.push(d);
            }
        }
    }
}
