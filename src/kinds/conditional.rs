//! `[conditional]`: X requires Y — e.g. an acronym must be spelled out somewhere.
//!
//! ```toml
//! [conditional]
//! first  = '\b([A-Z]{3,5})\b'        # group 1: the term that needs a definition
//! second = '\(([A-Z]{3,5})\)'        # group 1: a term defined here
//! exceptions = ["NASA", "USA"]
//! ```
//! The first use of each undefined term is reported. Message may use `{match}`.

use std::collections::HashSet;

use serde::Deserialize;
use toml::Spanned;

use super::{regex, LazyRegex};
use crate::document::Document;
use crate::rule::{Check, CompileError, Context, KindTable};

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Spec {
    first: Spanned<String>,
    second: Spanned<String>,
    #[serde(default)]
    exceptions: Vec<String>,
}

pub(super) struct Conditional {
    first: LazyRegex,
    second: LazyRegex,
    exceptions: HashSet<String>,
}

fn term<'t>(c: &regex::Captures<'t>) -> regex::Match<'t> {
    c.get(1)
        .or_else(|| c.get(0))
        .expect("group 0 always matches")
}

/// Compile a `[conditional]` table.
pub(crate) fn compile(table: &KindTable<'_>) -> Result<Box<dyn Check>, CompileError> {
    Ok(Box::new(Conditional::compile(
        table.parse()?,
        table.lazy(),
    )?))
}

impl Conditional {
    fn compile(spec: Spec, lazy: bool) -> Result<Conditional, CompileError> {
        Ok(Conditional {
            first: regex(&spec.first, lazy)?,
            second: regex(&spec.second, lazy)?,
            exceptions: spec.exceptions.into_iter().collect(),
        })
    }
}

impl Check for Conditional {
    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let blocks: Vec<_> = cx.blocks(doc).collect();
        let defined: HashSet<&str> = blocks
            .iter()
            .flat_map(|b| {
                self.second
                    .captures_iter(b.text())
                    .map(|c| term(&c).as_str())
            })
            .collect();
        let mut seen = HashSet::new();
        for block in blocks {
            for c in self.first.captures_iter(block.text()) {
                let m = term(&c);
                let t = m.as_str();
                if defined.contains(t) || self.exceptions.contains(t) || !seen.insert(t.to_string())
                {
                    continue;
                }
                cx.report(block.prose.map_range(m.range()), &[("match", t)]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::kinds::test_util::{flagged, rule};

    #[test]
    fn undefined_acronyms_once() {
        let r = rule(
            "[conditional]\nfirst = '(?-u:\\b)([A-Z]{3,5})(?-u:\\b)'\nsecond = '\\(([A-Z]{3,5})\\)'\nexceptions = [\"NASA\"]",
            "The ⟦GSA⟧ said",
            "The General Services Administration (GSA) said",
        );
        assert_eq!(
            flagged(
                &r,
                "The GSA and NASA met the World Health Organization (WHO). WHO and GSA agreed."
            ),
            ["GSA"]
        );
    }
}
