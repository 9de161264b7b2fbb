//! `[repetition]`: the same word twice in a row (`the the`).
//!
//! ```toml
//! [repetition]
//! tokens = []                      # only these words; empty: any word
//! exceptions = ["had", "that"]     # `had had` and `that that` are English
//! skip-capitalized = true          # `Bora Bora`, `Walla Walla` are names
//! ```
//! The fix deletes the second word and the space before it.

use serde::Deserialize;

use super::KindError;
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::Document;
use crate::rule::{Check, Context};

#[derive(Deserialize)]
pub(super) struct File {
    pub(super) repetition: Spec,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct Spec {
    #[serde(default)]
    tokens: Vec<String>,
    #[serde(default)]
    exceptions: Vec<String>,
    #[serde(default = "yes")]
    skip_capitalized: bool,
}

fn yes() -> bool {
    true
}

pub(super) struct Repetition {
    tokens: Vec<String>,
    exceptions: Vec<String>,
    skip_capitalized: bool,
}

impl Repetition {
    pub(super) fn compile(spec: Spec) -> Result<Repetition, KindError> {
        let lower = |v: Vec<String>| v.into_iter().map(|s| s.to_lowercase()).collect();
        Ok(Repetition { tokens: lower(spec.tokens), exceptions: lower(spec.exceptions), skip_capitalized: spec.skip_capitalized })
    }
}

impl Check for Repetition {
    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        for block in cx.blocks(doc) {
            let text = block.text();
            for pair in block.words.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                let gap = &text[a.end..b.start];
                if gap.is_empty() || !gap.chars().all(|c| c == ' ' || c == '\t') {
                    continue;
                }
                let (wa, wb) = (&text[a.clone()], &text[b.clone()]);
                if !wa.eq_ignore_ascii_case(wb) && wa.to_lowercase() != wb.to_lowercase() {
                    continue;
                }
                if wa.chars().all(|c| c.is_numeric()) {
                    continue;
                }
                let lower = wa.to_lowercase();
                if self.exceptions.contains(&lower) || !self.tokens.is_empty() && !self.tokens.contains(&lower) {
                    continue;
                }
                if self.skip_capitalized && wb.chars().next().is_some_and(char::is_uppercase) {
                    continue;
                }
                let span = block.prose.map_range(a.start..b.end);
                let delete = block.prose.exact_range(a.end..b.end);
                let d = cx.report(span, &[("match", wb)]);
                if let Some(r) = delete {
                    d.fix = Some(Fix {
                        title: format!("remove the second `{wb}`"),
                        applicability: Applicability::Safe,
                        edits: vec![Edit::delete(r)],
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::kinds::test_util::{flagged, rule};

    #[test]
    fn flags_repeats_but_not_names_or_exceptions() {
        let r = rule("[repetition]\nexceptions = [\"had\"]", "⟦the the⟧", "the");
        assert_eq!(
            flagged(&r, "Read the the book. We had had enough. Bora Bora is far. 1 1. The the end. It is, is it"),
            ["the the", "The the"]
        );
    }

    #[test]
    fn repeats_across_a_wrapped_line_are_found_without_a_fix() {
        let r = rule("[repetition]", "⟦the the⟧", "the");
        let (doc, out) = crate::kinds::test_util::run(&r, "in the\nthe end");
        assert_eq!(out.len(), 1);
        assert_eq!(&doc.text[out[0].span.clone()], "the\nthe");
        assert!(out[0].fix.is_none());
    }
}
