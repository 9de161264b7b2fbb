//! `[pattern]`: words, phrases or regexes that should not appear.
//!
//! ```toml
//! [pattern]
//! tokens = ["very unique", "irregardless"]   # words and phrases, on word boundaries
//! regex  = ['\u{FFFD}']                        # regexes; group 1, when present, is the span
//! ignore-case = true                           # for tokens (default true)
//! exceptions = ["Irregardless Records"]        # matches inside these are not reported
//! unless = '(?i)lorem ipsum'                  # skip blocks this regex matches
//! ```

use serde::Deserialize;
use toml::Spanned;

use super::{regex, LazyRegex, Required, Terms};
use crate::document::Document;
use crate::rule::{Check, CompileError, Context, KindTable};

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Spec {
    /// Skip any block this regex matches (e.g. text in another language).
    unless: Option<Spanned<String>>,
    #[serde(default)]
    tokens: Vec<String>,
    #[serde(default)]
    regex: Vec<Spanned<String>>,
    #[serde(default = "yes")]
    ignore_case: bool,
    #[serde(default)]
    exceptions: Vec<String>,
}

fn yes() -> bool {
    true
}

pub(super) struct Pattern {
    tokens: Option<Terms>,
    /// Each regex with the literals one of which its every match contains.
    regexes: Vec<(LazyRegex, Required)>,
    exceptions: Option<Terms>,
    unless: Option<LazyRegex>,
}

/// Compile a `[pattern]` table.
pub(crate) fn compile(table: &KindTable<'_>) -> Result<Box<dyn Check>, CompileError> {
    Ok(Box::new(Pattern::compile(table.parse()?, table.lazy())?))
}

impl Pattern {
    fn compile(spec: Spec, lazy: bool) -> Result<Pattern, CompileError> {
        if spec.tokens.is_empty() && spec.regex.is_empty() {
            return Err(CompileError::new(
                None,
                "[pattern] needs `tokens` or `regex`",
            ));
        }
        let regexes = spec
            .regex
            .iter()
            .map(|src| {
                regex(src, lazy).map(|re| {
                    let required = Required::of(re.as_str());
                    (re, required)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Pattern {
            tokens: (!spec.tokens.is_empty()).then(|| Terms::new(&spec.tokens, spec.ignore_case)),
            regexes,
            exceptions: (!spec.exceptions.is_empty())
                .then(|| Terms::new(&spec.exceptions, spec.ignore_case)),
            unless: spec.unless.as_ref().map(|r| regex(r, lazy)).transpose()?,
        })
    }
}

impl Check for Pattern {
    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        for block in cx.blocks(doc) {
            let text = block.text();
            let mut found = Vec::new();
            if let Some(t) = &self.tokens {
                found.extend(t.find_iter(text).map(|(r, _)| r));
            }
            for (re, required) in &self.regexes {
                if !required.may_match(text) {
                    continue;
                }
                for c in re.captures_iter(text) {
                    let m = c
                        .get(1)
                        .or_else(|| c.get(0))
                        .expect("group 0 always matches");
                    if !m.is_empty() {
                        found.push(m.range());
                    }
                }
            }
            // `unless` only matters for a block with a hit (most have none): tried after.
            if found.is_empty() || self.unless.as_ref().is_some_and(|u| u.is_match(text)) {
                continue;
            }
            let excepted: Vec<_> = self
                .exceptions
                .as_ref()
                .map_or(Vec::new(), |e| e.find_iter(text).map(|(r, _)| r).collect());
            found.sort_by_key(|r| (r.start, r.end));
            found.dedup();
            for r in found {
                if excepted
                    .iter()
                    .any(|e| e.start <= r.start && r.end <= e.end)
                {
                    continue;
                }
                let span = block.prose.map_range(r.clone());
                cx.report(span, &[("match", &text[r])]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::kinds::test_util::{flagged, rule};

    #[test]
    fn tokens_and_regexes() {
        let r = rule(
            "[pattern]\ntokens = [\"very unique\"]\nregex = ['(\\d+)%%']",
            "⟦very unique⟧",
            "unique",
        );
        assert_eq!(
            flagged(&r, "A Very Unique 50%% thing, not veryunique."),
            ["Very Unique", "50"]
        );
    }

    #[test]
    fn exceptions_and_code() {
        let r = rule(
            "[pattern]\ntokens = [\"irregardless\"]\nexceptions = [\"Irregardless Records\"]",
            "⟦irregardless⟧",
            "x",
        );
        assert!(flagged(&r, "Signed to Irregardless Records. Use `irregardless`.").is_empty());
    }
}
