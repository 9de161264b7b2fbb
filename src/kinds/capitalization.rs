//! `[capitalization]`: blocks (headings by default) written in a fixed case style.
//!
//! ```toml
//! scope = ["heading"]
//! [capitalization]
//! style = "sentence"                 # sentence | title | lower | upper
//! exceptions = ["Markdown", "Wi-Fi"] # always allowed as written
//! ```
//! Message and help may use `{words}` (the offending words) and `{style}`.

use serde::Deserialize;

use crate::casing::{offending_words, Case};
use crate::document::Document;
use crate::rule::{Check, CompileError, Context, KindTable};

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum Style {
    Sentence,
    Title,
    Lower,
    Upper,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Spec {
    style: Style,
    #[serde(default)]
    exceptions: Vec<String>,
}

pub(super) struct Capitalization {
    style: Style,
    exceptions: Vec<String>,
}

/// Compile a `[capitalization]` table.
pub(crate) fn compile(table: &KindTable<'_>) -> Result<Box<dyn Check>, CompileError> {
    Ok(Box::new(Capitalization::compile(table.parse()?)?))
}

impl Capitalization {
    fn compile(spec: Spec) -> Result<Capitalization, CompileError> {
        Ok(Capitalization {
            style: spec.style,
            exceptions: spec.exceptions,
        })
    }
}

impl Check for Capitalization {
    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        for block in cx.blocks(doc) {
            let text = block.text();
            let bad: Vec<_> = match self.style {
                Style::Sentence => offending_words(
                    text,
                    &block.words,
                    Case::Sentence,
                    self.exceptions.as_slice(),
                ),
                Style::Title => {
                    offending_words(text, &block.words, Case::Title, self.exceptions.as_slice())
                }
                Style::Lower => block
                    .words
                    .iter()
                    .map(|w| w.range())
                    .filter(|r| text[r.clone()].chars().any(char::is_uppercase))
                    .collect(),
                Style::Upper => block
                    .words
                    .iter()
                    .map(|w| w.range())
                    .filter(|r| text[r.clone()].chars().any(char::is_lowercase))
                    .collect(),
            };
            let bad: Vec<_> = bad
                .into_iter()
                .filter(|r| !self.exceptions.iter().any(|e| e == &text[r.clone()]))
                .collect();
            let (Some(first), Some(last)) = (bad.first(), bad.last()) else {
                continue;
            };
            let words = crate::casing::quote_words(text, &bad);
            let style = match self.style {
                Style::Sentence => "sentence case",
                Style::Title => "title case",
                Style::Lower => "lower case",
                Style::Upper => "upper case",
            };
            let span = block.prose.map_range(first.start..last.end);
            cx.report(
                span,
                &[
                    ("words", &words),
                    ("style", style),
                    ("match", &text[first.start..last.end]),
                ],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::kinds::test_util::{flagged, rule};

    #[test]
    fn sentence_case_headings() {
        let r = format!(
            "scope = [\"heading\"]\n{}",
            rule(
                "[capitalization]\nstyle = \"sentence\"",
                "# Getting ⟦There By⟧ metro",
                "# Getting there"
            )
        );
        assert_eq!(
            flagged(
                &r,
                "# Getting There By Metro\n\nBody Text Here By.\n\n## Fine heading\n"
            ),
            ["There By"]
        );
    }
}
