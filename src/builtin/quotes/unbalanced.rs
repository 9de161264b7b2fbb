//! `quotes/unbalanced`: an opening quote never closed, or a closing quote never opened.

use std::ops::Range;

use super::analysis::{quotes_of, Role};
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
        let all = quotes_of(doc);
        let (indexes, blocks): (Vec<usize>, Vec<&Block>) = cx.indexed_blocks(doc).unzip();
        // Opening quotes still waiting for their partner: (block, quote range).
        let mut pending: Vec<(usize, Range<usize>)> = Vec::new();
        // An opening quote that starts a new sentence while an earlier one in the same block
        // is still open: where a paragraph break was probably lost (scraped copy runs a
        // quotation's paragraphs together, and each paragraph of a quotation opens again).
        // Keyed by the earlier quote: (block, range of the later quote).
        let mut run_together: Vec<((usize, usize), Range<usize>)> = Vec::new();
        let mut lone_closes: Vec<(usize, Range<usize>)> = Vec::new();
        for (bi, block) in blocks.iter().enumerate() {
            let quotes = &all.0[indexes[bi]];
            // Low-high pairs (`„…“`) are read for the space around them only.
            if quotes.first().is_some_and(|q| q.low) {
                continue;
            }
            let starts_with_open = quotes.first().is_some_and(|f| {
                f.role == Role::Open && block.text()[..f.at.start].trim().is_empty()
            });
            if starts_with_open {
                // A new paragraph of the same quotation: the earlier opening was continued.
                pending.clear();
            }
            let text = block.text();
            for q in quotes.iter() {
                let opens_sentence = q.role == Role::Open && {
                    let before = text[..q.at.start].trim_end();
                    !before.is_empty() && before.ends_with(['.', '!', '?', '”', '"'])
                };
                if opens_sentence {
                    // Earlier openings of this block that are still open when this one starts.
                    for o in quotes.iter().filter(|o| {
                        o.role == Role::Open
                            && o.at.start < q.at.start
                            && o.pair.is_none_or(|p| quotes[p].at.start > q.at.start)
                    }) {
                        run_together.push(((bi, o.at.start), q.at.clone()));
                    }
                }
            }
            for q in quotes.iter().filter(|q| q.pair.is_none()) {
                match q.role {
                    Role::Open => pending.push((bi, q.at.clone())),
                    Role::Close => {
                        if pending.pop().is_none() {
                            lone_closes.push((bi, q.at.clone()));
                        }
                    }
                    Role::Prime | Role::Glyph => {}
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
            let later = run_together
                .iter()
                .find(|(k, _)| *k == (bi, at.start))
                .map(|(_, r)| block.prose.map_range(r.clone()).start);
            // Two apostrophes typed for the closing mark (`“Hello,’’ she said`, as some
            // scraped copy closes quotations): say so, rather than only that none closes.
            let doubled = (side == "opening")
                .then(|| {
                    let rest = &block.text()[at.end..];
                    ["’’", "''"]
                        .iter()
                        .filter_map(|m| rest.find(m).map(|i| (i, *m)))
                        .min()
                })
                .flatten()
                .map(|(i, m)| (block.prose.map_range(at.end + i..at.end + i).start, m));
            let d = cx.report(
                span,
                &[("side", side), ("match", &block.text()[at.clone()])],
            );
            if let Some((pos, mark)) = doubled {
                let (line, col) = doc.line_col(pos);
                d.notes.push(format!(
                    "`{mark}` at {line}:{col} looks like its closing quote typed as two apostrophes"
                ));
                d.help = Some(format!(
                    "replace the `{mark}` at {line}:{col} with a closing quote"
                ));
            } else if let (Some(later), "opening") = (later, side) {
                let (line, col) = doc.line_col(later);
                d.notes.push(format!(
                    "a new quotation opens at {line}:{col} before this one closes"
                ));
                d.help = Some(format!(
                    "if two paragraphs were run together, break the paragraph before the quote at \
                     {line}:{col} (each paragraph of a quotation opens; only the last closes); \
                     otherwise close this quotation"
                ));
            }
        }
    }
}
