//! `quotes/wrong-direction`: a curly double quote facing the other way from its role — a
//! closing mark that opens a quotation (`said: ”This`), an opening one that closes it
//! (`“better“ user`). Safe fix: turn the mark round.

use super::analysis::{
    closes_before, is_letter, opens_after, quotes_of, right_to_left, transparent, Quote, Role,
};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::{language, Document, MASK};
use crate::rule::{without_params, Check, CompileError, Context, KindTable};

pub(crate) fn create(table: &KindTable<'_>) -> Result<Box<dyn Check>, CompileError> {
    without_params(table, WrongDirection)
}

struct WrongDirection;

impl Check for WrongDirection {
    fn fixes(&self) -> bool {
        true
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let quotes = quotes_of(doc);
        // The document's own way of facing its marks decides: a `”` opening a quotation is
        // wrong only where quotations open with `“` at least as often, and a `“` closing one
        // only where they close with `”` at least as often. Swedish and Finnish write
        // `”…”`, and some exports type one glyph for both marks (`”…”`, `“…“`).
        // [opening with `“`, with `”`], [closing with `”`, with `“`].
        let (mut opens, mut closes) = ([0usize; 2], [0usize; 2]);
        for (i, block) in cx.indexed_blocks(doc) {
            let list = &quotes.0[i];
            for q in list.iter().filter(|q| certain(block.text(), q, list)) {
                match (q.role, q.ch) {
                    (Role::Open, '“') => opens[0] += 1,
                    (Role::Open, _) => opens[1] += 1,
                    (_, '”') => closes[0] += 1,
                    _ => closes[1] += 1,
                }
            }
        }
        let wrong_open = opens[1] > 0 && opens[0] >= opens[1];
        let wrong_close = closes[1] > 0 && closes[0] >= closes[1];
        // The language last: most documents stop before.
        if !(wrong_open || wrong_close) || language::of(doc) != "en" {
            return;
        }
        for (i, block) in cx.indexed_blocks(doc) {
            let list = &quotes.0[i];
            let text = block.text();
            let mut foreign = None;
            let backwards = |q: &&Quote| {
                certain(text, q, list)
                    && match q.role {
                        Role::Open => wrong_open && q.ch == '”',
                        _ => wrong_close && q.ch == '“',
                    }
            };
            for q in list.iter().filter(backwards) {
                // Right-to-left text quotes `”…“` as it reads; Swedish and Finnish write
                // `”…”` (a paragraph in them, in a page partly translated).
                if *foreign.get_or_insert_with(|| {
                    right_to_left(text)
                        || matches!(
                            language::detect(block.words.iter().map(|w| &text[w.range()])),
                            "sv" | "fi"
                        )
                }) {
                    break;
                }
                let (right, role) = if q.role == Role::Open {
                    ("“", "open")
                } else {
                    ("”", "close")
                };
                let fix = block
                    .prose
                    .exact_range(q.at.clone())
                    .and_then(|r| Edit::checked(&doc.text, r, right))
                    .map(|e| Fix::one(format!("write `{right}`"), Applicability::Safe, e));
                let span = block.prose.map_range(q.at.clone());
                let d = cx.report(
                    span,
                    &[
                        ("match", &text[q.at.clone()]),
                        ("right", right),
                        ("role", role),
                    ],
                );
                d.fix = fix;
            }
        }
    }
}

/// Whether `q` is a curly mark whose role its surroundings make certain — a word on one
/// side, a space, the paragraph's edge or punctuation on the other — with a partner in its
/// paragraph (which way an unpaired mark should face is `quotes/unbalanced`'s question),
/// and not a pair turned round whole (`”…“`, as right-to-left text quotes).
fn certain(text: &str, q: &Quote, list: &[Quote]) -> bool {
    let Some(partner) = q.pair.map(|p| list[p].ch) else {
        return false;
    };
    if q.low || q.ch == '"' || partner == '"' {
        return false;
    }
    let prev = text[..q.at.start].chars().rev().find(|&c| !transparent(c));
    let next = text[q.at.end..].chars().find(|&c| !transparent(c));
    let word = |c: Option<char>| is_letter(c) || c.is_some_and(|c| c.is_ascii_digit());
    match q.role {
        // `said: ”This`, `— ”river of life”`.
        // Not a cross-reference's title after its number (`Avsnitt 6.1, ”Att fylla i
        // filen”`, `Kapitel 14: ”Säkerhet”`): text a toolchain writes in its locale's
        // marks, which the writer never typed.
        Role::Open => {
            prev.is_none_or(opens_after)
                && word(next)
                && !(q.ch == '”' && partner == '“')
                && !after_number(&text[..q.at.start])
        }
        // `“better“ user`, `secure.“`.
        Role::Close => {
            next.is_none_or(closes_before)
                && (word(prev) || prev.is_some_and(|p| matches!(p, '.' | ',' | '!' | '?')))
                && !(q.ch == '“' && partner == '”')
        }
        _ => false,
    }
}

/// Whether `before` ends with a number and a comma or colon (`Section 6.1.2, `,
/// `Chapter 14: `): what a cross-reference's title follows.
fn after_number(before: &str) -> bool {
    let b = before.trim_end_matches([' ', MASK]).as_bytes();
    matches!(b, [.., d, b',' | b':'] if d.is_ascii_digit())
}
