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

/// Words that say what a title is about: three letters or more, lower-cased, a plural `s`
/// dropped, function words left out.
fn content_words(text: &str) -> std::collections::HashSet<String> {
    const FUNCTION: &[&str] = &[
        "the", "and", "for", "with", "from", "into", "onto", "about", "your", "our", "its", "are",
        "was", "were", "how", "why", "what", "new", "now", "this", "that",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .map(|w| {
            let w = w.to_lowercase();
            match w.strip_suffix('s') {
                Some(stem) if stem.len() >= 3 => stem.to_string(),
                _ => w,
            }
        })
        .filter(|w| !FUNCTION.contains(&w.as_str()))
        .collect()
}

/// Does a `#` heading that differs in words from the title still read as a version of it?
/// A heading that shares under a third of its subject words with the title (`# Summary`,
/// `# io.js 1.5.1 Release` under "Weekly Update - Mar 13th") opens the first section; it is
/// not a headline.
fn same_subject(title: &str, heading: &str) -> bool {
    let (a, b) = (content_words(title), content_words(heading));
    let shared = a.intersection(&b).count();
    let smaller = a.len().min(b.len());
    shared > 0 && shared * 3 >= smaller
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
        // Compared as shown: code in a title is its words, not a masked gap.
        let meta_text = meta.shown(&doc.text);
        for (other, name) in pairs {
            let other_text = other.shown(&doc.text);
            let Some(how) = difference(&meta_text, &other_text) else {
                continue;
            };
            if how == "words"
                && other.kind != BlockKind::Title
                && !same_subject(&meta_text, &other_text)
            {
                continue;
            }
            let a = format!("front-matter `{field}`");
            let d = cx.report(other.range(), &[("a", &a), ("b", &name), ("how", how)]);
            d.notes.push(format!("{a}: {meta_text}"));
            d.notes.push(format!("{name}: {other_text}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_section_heading_is_not_a_headline() {
        assert!(!same_subject(
            "Weekly Update - Mar 13th, 2015",
            "io.js 1.5.1 Release"
        ));
        assert!(!same_subject(
            "Meltdown and Spectre - Impact On Node.js",
            "Summary"
        ));
        assert!(same_subject(
            "Gathering feedback with customer panels",
            "Recruiting customers with feedback panels"
        ));
        assert!(same_subject(
            "docs.rs: changed default targets",
            "Changes to default build targets on docs.rs"
        ));
    }

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
