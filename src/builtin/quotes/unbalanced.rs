//! `quotes/unbalanced`: an opening quote never closed, or a closing quote never opened.

use std::ops::Range;

use super::analysis::{analyze, Role};
use crate::document::{Block, Document};
use crate::rule::{without_params, Check, CompileError, Context, KindTable};

pub(crate) fn create(table: &KindTable<'_>) -> Result<Box<dyn Check>, CompileError> {
    without_params(table, Unbalanced)
}

struct Unbalanced;

impl Check for Unbalanced {
    /// Pairs quotes across blocks too: a quotation may run over paragraphs and lists
    /// (opened in one block, closed in a later one), and by convention each paragraph of a
    /// long quotation opens again while only the last closes.
    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let blocks: Vec<&Block> = cx.blocks(doc).collect();
        // Opening quotes still waiting for their partner: (block, quote range).
        let mut pending: Vec<(usize, Range<usize>)> = Vec::new();
        let mut lone_closes: Vec<(usize, Range<usize>)> = Vec::new();
        for (bi, block) in blocks.iter().enumerate() {
            let quotes = analyze(block.text());
            let starts_with_open = quotes.first().is_some_and(|f| {
                f.role == Role::Open && block.text()[..f.at.start].trim().is_empty()
            });
            if starts_with_open {
                // A new paragraph of the same quotation: the earlier opening was continued.
                pending.clear();
            }
            for q in quotes.iter().filter(|q| q.pair.is_none()) {
                match q.role {
                    Role::Open => pending.push((bi, q.at.clone())),
                    Role::Close => {
                        if pending.pop().is_none() {
                            lone_closes.push((bi, q.at.clone()));
                        }
                    }
                    Role::Prime => {}
                }
            }
        }
        let mut found: Vec<(usize, Range<usize>, &str)> = pending
            .into_iter()
            .map(|(b, r)| (b, r, "opening"))
            .collect();
        found.extend(lone_closes.into_iter().map(|(b, r)| (b, r, "closing")));
        found.sort_by_key(|(b, r, _)| (*b, r.start));
        for (bi, at, side) in found {
            let block = blocks[bi];
            let span = block.prose.map_range(at.clone());
            cx.report(span, &[("side", side), ("match", &block.text()[at])]);
        }
    }
}
