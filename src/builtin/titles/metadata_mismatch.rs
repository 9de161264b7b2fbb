//! `titles/metadata-mismatch`: the front-matter title differs from the headline.

use super::{plain, words_only};
use crate::document::{Block, BlockKind, Document};
use crate::rule::{without_params, Check, CompileError, Context, KindTable};

pub(crate) fn create(table: &KindTable<'_>) -> Result<Box<dyn Check>, CompileError> {
    without_params(table, MetadataMismatch)
}

struct MetadataMismatch;

/// How two titles differ, or `None` when they do not.
fn difference(a: &str, b: &str) -> Option<&'static str> {
    let (a, b) = (plain(a), plain(b));
    let trim = |s: &str| s.trim_end_matches(['.', ' ']).to_string();
    if trim(&a) == trim(&b) {
        None
    } else if a.to_lowercase() == b.to_lowercase() {
        Some("case only")
    } else if words_only(&a) == words_only(&b) {
        Some("punctuation only")
    } else {
        Some("words")
    }
}

impl Check for MetadataMismatch {
    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let Some(meta) = doc.metadata_title() else {
            return;
        };
        let field = meta.field.clone().unwrap_or_default();
        let mut pairs: Vec<(&Block, String)> = Vec::new();
        if let Some(h) = doc.headline() {
            let name = if h.kind == BlockKind::Title {
                "the title line"
            } else {
                "the `#` headline"
            };
            pairs.push((h, name.to_string()));
        }
        if field == "title" {
            if let Some(hl) = doc
                .blocks
                .iter()
                .find(|b| b.field.as_deref() == Some("headline"))
            {
                pairs.push((hl, "the front-matter `headline`".to_string()));
            }
        }
        for (other, name) in pairs {
            let Some(how) = difference(meta.text(), other.text()) else {
                continue;
            };
            let a = format!("front-matter `{field}`");
            let d = cx.report(other.range(), &[("a", &a), ("b", &name), ("how", how)]);
            d.notes.push(format!("{a}: {}", meta.text()));
            d.notes.push(format!("{name}: {}", other.text()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_are_classified() {
        assert_eq!(difference("Rust 1.0", "Rust 1.0"), None);
        assert_eq!(difference("Don't panic", "Don’t panic"), None);
        assert_eq!(
            difference("Getting There", "Getting there"),
            Some("case only")
        );
        assert_eq!(
            difference("Rust, again", "Rust again!"),
            Some("punctuation only")
        );
        assert_eq!(difference("Rust 1.0", "Announcing Rust 1.0"), Some("words"));
    }
}
