//! `quotes/mixed-style`: straight and curly double quotes in one document. One finding per
//! document; the safe fix converts every paired quote of the minority style.

use super::analysis::{quotes_of, Quote, Role};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::{Block, Document, Format};
use crate::rule::{without_params, Check, CompileError, Context, KindTable, QuoteStyle};

pub(crate) fn create(table: &KindTable<'_>) -> Result<Box<dyn Check>, CompileError> {
    without_params(table, MixedStyle)
}

struct MixedStyle;

impl Check for MixedStyle {
    fn fixes(&self) -> bool {
        true
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        // The document's quotes, each with its block (borrowed: a long document has
        // hundreds of thousands).
        let quotes = quotes_of(doc);
        // Low-high pairs (`„…“`) are a language's own style, not a mix with either.
        let counted = |q: &&Quote| !q.low && !matches!(q.role, Role::Prime | Role::Glyph);
        // Counted first: most documents hold one style, and need no list.
        let (mut straight, mut curly) = (0, 0);
        for (i, _) in cx.indexed_blocks(doc) {
            for q in quotes.0[i].iter().filter(counted) {
                if q.ch == '"' {
                    straight += 1;
                } else {
                    curly += 1;
                }
            }
        }
        if straight == 0 || curly == 0 {
            return;
        }
        let mut all: Vec<(&Block, &Quote, &[Quote])> = Vec::with_capacity(straight + curly);
        for (i, block) in cx.indexed_blocks(doc) {
            let list = &quotes.0[i];
            all.extend(
                list.iter()
                    .filter(counted)
                    .map(|q| (block, q, list.as_slice())),
            );
        }
        let house = cx.style.quotes;
        let target = house.unwrap_or(if curly >= straight {
            QuoteStyle::Curly
        } else {
            QuoteStyle::Straight
        });
        let wrong = |q: &Quote| match target {
            QuoteStyle::Curly => q.ch == '"',
            QuoteStyle::Straight => q.ch != '"',
        };
        let Some((first_block, first, _)) = all.iter().find(|(_, q, _)| wrong(q)) else {
            return;
        };
        let mut edits = Vec::new();
        for (block, q, list) in all.iter().filter(|(_, q, _)| wrong(q)) {
            // Only quotes whose role is certain (paired) are converted, and not a pair that
            // may be a literal's.
            let Some(partner) = q.pair.and_then(|p| list.get(p)) else {
                continue;
            };
            if literal(block.text(), q, partner) {
                continue;
            }
            // Right-to-left text quotes `”…“` as it reads.
            let rtl = super::analysis::right_to_left(block.text());
            let rep = match (target, q.role == Role::Open, rtl) {
                (QuoteStyle::Straight, _, _) => "\"",
                (QuoteStyle::Curly, true, false) | (QuoteStyle::Curly, false, true) => "“",
                (QuoteStyle::Curly, _, _) => "”",
            };
            // A Markdown escape (`\"`) goes with the quote it escapes: `\“` would show
            // its backslash (only ASCII punctuation can be escaped).
            let escaped = |r: &std::ops::Range<usize>| {
                doc.format == Format::Markdown
                    && doc.text.as_bytes()[..r.start]
                        .iter()
                        .rev()
                        .take_while(|&&b| b == b'\\')
                        .count()
                        % 2
                        == 1
            };
            if let Some(e) = block
                .prose
                .exact_range(q.at.clone())
                .map(|r| if escaped(&r) { r.start - 1..r.end } else { r })
                .and_then(|r| Edit::checked(&doc.text, r, rep))
            {
                edits.push(e);
            }
        }
        let (style, other) = match target {
            QuoteStyle::Curly => ("curly", "straight"),
            QuoteStyle::Straight => ("straight", "curly"),
        };
        let why = if house.is_some() {
            "the house style"
        } else {
            "the document's majority"
        };
        let span = first_block.prose.map_range(first.at.clone());
        let d = cx.report(
            span,
            &[
                ("style", style),
                ("other", other),
                ("match", &first_block.text()[first.at.clone()]),
            ],
        );
        d.notes.push(format!(
            "{straight} straight and {curly} curly double quotes; {style} is {why}"
        ));
        if !edits.is_empty() {
            d.fix = Some(Fix {
                title: format!("make every double quote {style}"),
                applicability: Applicability::Safe,
                edits,
            });
        }
    }
}

/// Whether a pair of quotes may delimit a literal rather than quote words, so that a safe
/// fix leaves it as it is: the text between them has no letter or digit outside masked
/// text (`"https://example.com"`, a quoted template or tag), or a stray backtick touches
/// them (`` `"my-password" ``: code whose closing backtick was forgotten; a code span is
/// masked, so a backtick left in the prose is one without its partner).
fn literal(text: &str, a: &Quote, b: &Quote) -> bool {
    let (open, close) = if a.at.start < b.at.start {
        (a, b)
    } else {
        (b, a)
    };
    let inside = text.get(open.at.end..close.at.start).unwrap_or_default();
    let wordless = !inside.chars().any(char::is_alphanumeric);
    let tick_before = text[..open.at.start].ends_with('`');
    let tick_after = text[close.at.end..].starts_with('`');
    wordless || tick_before || tick_after || inside.contains('`')
}
