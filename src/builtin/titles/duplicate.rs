//! `titles/duplicate`: two files of one run with the same title (a corpus-wide rule: each
//! file gives its normalized title as a fact; the corpus phase groups them).

use std::collections::HashMap;

use super::{plain, words_only};
use crate::document::{Block, Document};
use crate::rule::{CompileError, CorpusCheck, CorpusFinding, Fact, KindTable, NoParams};
use crate::span::Span;

pub(crate) fn create(table: &KindTable<'_>) -> Result<Box<dyn CorpusCheck>, CompileError> {
    table.parse::<NoParams>()?;
    Ok(Box::new(Duplicate))
}

struct Duplicate;

/// The title a document is known by: front-matter title, else its headline.
fn known_title(doc: &Document) -> Option<&Block> {
    doc.metadata_title().or_else(|| doc.headline())
}

impl CorpusCheck for Duplicate {
    fn collect(&self, doc: &Document) -> Option<Fact> {
        let t = known_title(doc)?;
        let key = words_only(&plain(t.text()));
        let span = Span::checked(&doc.text, t.range())?;
        (!key.is_empty()).then_some(Fact { key, span })
    }

    fn check_corpus(&self, facts: &[(usize, &str, &Fact)]) -> Vec<CorpusFinding> {
        let mut groups: HashMap<&str, Vec<&(usize, &str, &Fact)>> = HashMap::new();
        for f in facts {
            groups.entry(f.2.key.as_str()).or_default().push(f);
        }
        let mut out = Vec::new();
        for group in groups.values().filter(|g| g.len() > 1) {
            for f in group {
                let others: Vec<&str> = group.iter().filter(|o| o.0 != f.0).map(|o| o.1).collect();
                let other = others.first().copied().unwrap_or_default().to_string();
                let mut notes = Vec::new();
                if others.len() > 1 {
                    notes.push(format!("also in {}", others[1..].join(", ")));
                }
                out.push(CorpusFinding {
                    file: f.0,
                    span: f.2.span,
                    vars: vec![("other".into(), other)],
                    notes,
                });
            }
        }
        out.sort_by_key(|f| (f.file, f.span.start()));
        out
    }
}
