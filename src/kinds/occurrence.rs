//! `[occurrence]`: a block longer or shorter than it should be.
//!
//! ```toml
//! scope = ["title"]
//! [occurrence]
//! measure = "characters"   # words | characters | sentences
//! max = 100
//! min = 10
//! ```
//! Message and help may use `{count}`, `{max}`, `{min}` and `{measure}`.

use serde::Deserialize;

use crate::document::{Block, Document, MASK};
use crate::rule::{Check, CompileError, Context, KindTable};

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
enum Measure {
    Words,
    Characters,
    Sentences,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Spec {
    measure: Measure,
    max: Option<usize>,
    min: Option<usize>,
}

pub(super) struct Occurrence {
    measure: Measure,
    max: Option<usize>,
    min: Option<usize>,
}

/// Compile a `[occurrence]` table.
pub(crate) fn compile(table: &KindTable<'_>) -> Result<Box<dyn Check>, CompileError> {
    Ok(Box::new(Occurrence::compile(table.parse()?)?))
}

impl Occurrence {
    fn compile(spec: Spec) -> Result<Occurrence, CompileError> {
        if spec.max.is_none() && spec.min.is_none() {
            return Err(CompileError::new(None, "[occurrence] needs `max` or `min`"));
        }
        Ok(Occurrence {
            measure: spec.measure,
            max: spec.max,
            min: spec.min,
        })
    }

    fn count(&self, block: &Block) -> usize {
        let text = block.text();
        match self.measure {
            Measure::Words => block.words.len(),
            Measure::Characters => text.chars().filter(|&c| c != MASK).count(),
            Measure::Sentences => {
                let ends = text
                    .char_indices()
                    .filter(|&(i, c)| {
                        matches!(c, '.' | '!' | '?')
                            && text[i + 1..].chars().next().is_none_or(char::is_whitespace)
                    })
                    .count();
                ends.max(usize::from(!text.trim().is_empty()))
            }
        }
    }
}

impl Check for Occurrence {
    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let measure = match self.measure {
            Measure::Words => "words",
            Measure::Characters => "characters",
            Measure::Sentences => "sentences",
        };
        for block in cx.blocks(doc) {
            let n = self.count(block);
            let over = self.max.is_some_and(|m| n > m);
            let under = self.min.is_some_and(|m| n < m);
            if over || under {
                let (count, max, min) = (
                    n.to_string(),
                    self.max.unwrap_or(0).to_string(),
                    self.min.unwrap_or(0).to_string(),
                );
                let text = block.text();
                cx.report(
                    block.range(),
                    &[
                        ("count", &count),
                        ("max", &max),
                        ("min", &min),
                        ("measure", measure),
                        ("match", text),
                    ],
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::kinds::test_util::run;

    #[test]
    fn counts_words() {
        let r = "summary = \"s\"\nseverity = \"info\"\nmessage = \"{count} words, max {max}\"\ndocs = \"d\"\nscope = [\"heading\"]\n[occurrence]\nmeasure = \"words\"\nmax = 3\n[[example]]\nbad = \"# ⟦one two three four⟧\"\n[[example]]\ngood = \"# one two\"\n";
        let (_, out) = run(r, "# A short one\n\n# This one is far too long\n");
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].message, "6 words, max 3");
    }
}
