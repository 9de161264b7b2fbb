//! `titles/heading-case`: a heading in another capitalization style than the house style or
//! the document's clear majority.

use crate::casing::{offending_words, tally, Case};
use crate::document::{Block, BlockKind, Document};
use crate::rule::{without_params, Check, CompileError, Context, HeadingCase, KindTable};

pub(crate) fn create(table: &KindTable<'_>) -> Result<Box<dyn Check>, CompileError> {
    without_params(table, HeadingCaseRule)
}

struct HeadingCaseRule;

impl Check for HeadingCaseRule {
    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let headline = doc.headline().map(crate::document::Block::range);
        // Section headings decide the majority; the title and headline are checked only
        // against an explicit house style (many houses set headlines in another case).
        let sections: Vec<&Block> = doc
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Heading(_)) && Some(b.range()) != headline)
            .collect();
        let house = cx.style.heading_case.map(|h| match h {
            HeadingCase::Sentence => Case::Sentence,
            HeadingCase::Title => Case::Title,
        });
        // The document's count of headings in either style ([sentence, title]), and each
        // level's of the style its headings lean to ([`crate::casing::Tally::leaning`]:
        // all capitals with no telling word count as title case among siblings).
        let mut counts = [[0usize; 2]; 7];
        // Minor words inside section headings, [capitalized, lower case], and the headings
        // that capitalize one.
        let mut minor = [0usize; 2];
        let mut capitalizing = 0;
        for b in &sections {
            let BlockKind::Heading(level) = b.kind else {
                continue;
            };
            let index = |c: Case| usize::from(c == Case::Title);
            let t = tally(b.text(), &b.words);
            minor[0] += t.minor[0];
            minor[1] += t.minor[1];
            capitalizing += usize::from(t.minor[0] > 0);
            if let Some(c) = t.case() {
                counts[0][index(c)] += 1;
            }
            if let Some(c) = t.leaning() {
                counts[usize::from(level.clamp(1, 6))][index(c)] += 1;
            }
        }
        let target = match house {
            Some(c) => c,
            None => match majority(counts[0]) {
                Some(c) => c,
                None => return,
            },
        };
        // A level whose own headings keep to the other style, by the same clear majority
        // (`#### Improper Certificate Validation (CWE-295)` and its siblings under sentence-
        // case sections): a style set per level, as some houses set them, not a slip. Its
        // headings are left alone unless a house style is set.
        let own_style = |b: &Block| match b.kind {
            BlockKind::Heading(level) if house.is_none() => {
                majority(counts[usize::from(level.clamp(1, 6))]).is_some_and(|c| c != target)
            }
            _ => false,
        };
        // A document that capitalizes every word of its headings, minor ones too, in two
        // headings or more, and never writes a minor word in lower case inside one
        // (`Errors In Fastify`, `What The Default Error Handler Sends`): start case, a style
        // of its own kept throughout, not title case slipping. Its capitalized minor words
        // are left alone unless a house style is set.
        let start_case =
            house.is_none() && target == Case::Title && capitalizing >= 2 && minor[1] == 0;
        // Words the document itself capitalizes mid-sentence are names here (`Head Start`,
        // `The Master Builder`): a heading may keep their capitals in sentence case. Gathered
        // from the body only when a heading has a word to question (most have none).
        let mut body_names: Option<std::collections::HashSet<&str>> = None;
        // Words the document writes in lower case where a capital is due — at the start of
        // a sentence (`npm 7 comes with …`) — are names styled in lower case (`npm`): a
        // title-case heading keeps them so. Gathered only when a heading has such a word.
        let mut lowercase_names: Option<std::collections::HashSet<&str>> = None;
        // The house's own spellings of names and brands (`[style] words`) stand as written.
        let mut names: std::collections::HashSet<String> = std::collections::HashSet::new();
        names.extend(
            cx.style
                .words
                .iter()
                .flat_map(|w| w.split_whitespace().map(str::to_string)),
        );
        // Each flagged word is looked up as code once (a scan of the file).
        let mut code: std::collections::HashMap<String, bool> = std::collections::HashMap::new();
        let mut blocks = sections;
        if house.is_some() {
            blocks.extend(
                doc.blocks
                    .iter()
                    .filter(|b| b.kind == BlockKind::Title || Some(b.range()) == headline),
            );
        }
        for b in blocks {
            let text = b.text();
            // `expirydate: 2025-01-01` over `---` is stray front matter read as a heading.
            let yaml_like = text.split_once(": ").is_some_and(|(k, _)| {
                !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            });
            // A heading that is a link names the thing it links to (`[Rework Cargo Build Dir Layout](…)`).
            let line = doc
                .lines
                .line_range(&doc.text, doc.lines.line_of(b.range().start));
            let link = doc.text[line]
                .trim_start_matches(['#', ' ', '*', '_'])
                .starts_with('[');
            if yaml_like || link || own_style(b) || text.contains(crate::document::MASK) {
                continue;
            }
            let mut bad = offending_words(text, &b.words, target, &names);
            if target == Case::Sentence && !bad.is_empty() {
                let body = body_names.get_or_insert_with(|| names_in_body(doc));
                bad.retain(|r| !body.contains(&text[r.clone()]));
            }
            if start_case {
                bad.retain(|r| {
                    let w = &text[r.clone()];
                    !(crate::casing::is_minor(&w.to_lowercase())
                        && w.starts_with(char::is_uppercase))
                });
            }
            if target == Case::Title && !bad.is_empty() {
                let lower = lowercase_names.get_or_insert_with(|| lowercase_at_sentence_start(doc));
                bad.retain(|r| !lower.contains(&text[r.clone()]));
            }
            bad.retain(|r| {
                let w = &text[r.clone()];
                !*code
                    .entry(w.to_string())
                    .or_insert_with(|| is_code_word(&doc.text, w))
            });
            if bad.is_empty() {
                continue;
            }
            let words = crate::casing::quote_words(text, &bad);
            let span = b.prose.map_range(bad[0].start..bad[bad.len() - 1].end);
            let why = if house.is_some() {
                "the house style"
            } else {
                "most headings in this document"
            };
            let d = cx.report(span, &[("style", target.name()), ("words", &words)]);
            d.notes.push(format!("{} is {why}", target.name()));
        }
    }
}

/// The style of a clear majority of `[sentence, title]` headings: at least three, three in
/// four of them. Headings split between styles have no style to hold them to.
fn majority([sentence, title]: [usize; 2]) -> Option<Case> {
    let total = sentence + title;
    if total < 3 || sentence.max(title) * 4 < total * 3 {
        return None;
    }
    Some(if sentence > title {
        Case::Sentence
    } else {
        Case::Title
    })
}

/// Is `word` written as code somewhere in the file — inside backticks (`` `fetch` ``), or
/// glued to a member access or path (`fs.ReadStream`, `tls/throughput.js`, `crypto.hash`)?
/// Then a heading's `fetch`, `fs` or `tls` is an identifier, and keeps its case.
fn is_code_word(text: &str, word: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let start = from + i;
        let end = start + word.len();
        from = end;
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            || after.is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let next_is_name = bytes
            .get(end + 1)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_');
        let code = before == Some('`')
            || after == Some('`')
            || matches!(after, Some('.' | '/')) && next_is_name
            || before == Some('.') && start >= 2 && bytes[start - 2].is_ascii_alphanumeric()
            || after == Some('(');
        if code {
            return true;
        }
    }
    false
}

/// Running text: paragraphs, list items and quotations.
fn running_text(doc: &Document) -> impl Iterator<Item = &Block> {
    doc.blocks.iter().filter(|b| {
        matches!(
            b.kind,
            BlockKind::Paragraph | BlockKind::ListItem | BlockKind::Blockquote
        )
    })
}

/// Lower-case words that begin a sentence after another in the document's running text
/// (`… a new major release of npm, npm 7. npm 7 comes with …`). A block's first word does
/// not count: list items and changelog entries often begin in lower case (`- fix tests`).
fn lowercase_at_sentence_start(doc: &Document) -> std::collections::HashSet<&str> {
    let mut out = std::collections::HashSet::new();
    for b in running_text(doc) {
        let text = b.text();
        for w in b.words.iter().skip(1) {
            let word = &text[w.range()];
            if !word.chars().next().is_some_and(char::is_lowercase)
                || word.chars().any(char::is_uppercase)
            {
                continue;
            }
            let before = &text[..w.start()];
            let trimmed = before.trim_end();
            if trimmed.len() < before.len()
                && trimmed.ends_with(['.', '!', '?'])
                && !after_abbreviation(trimmed)
            {
                out.insert(word);
            }
        }
    }
    out
}

/// Does `text` end with an abbreviation's period (`e.g.`, `U.S.`, `etc.`, `vs.`) rather
/// than a sentence's? Then the word after it need not begin a sentence.
fn after_abbreviation(text: &str) -> bool {
    let Some(stem) = text.strip_suffix('.') else {
        return false;
    };
    let last = stem.rsplit(char::is_whitespace).next().unwrap_or(stem);
    last.contains('.')
        || matches!(
            last.to_ascii_lowercase().as_str(),
            "etc"
                | "vs"
                | "cf"
                | "approx"
                | "incl"
                | "no"
                | "nos"
                | "st"
                | "mr"
                | "mrs"
                | "ms"
                | "dr"
                | "jr"
                | "sr"
                | "inc"
                | "ltd"
                | "co"
                | "corp"
                | "fig"
                | "vol"
                | "p"
                | "pp"
        )
}

/// Capitalized words that stand mid-sentence in the document's running text.
fn names_in_body(doc: &Document) -> std::collections::HashSet<&str> {
    let mut out = std::collections::HashSet::new();
    for b in running_text(doc) {
        let text = b.text();
        for w in &b.words {
            let word = &text[w.range()];
            if !word.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            let before = text[..w.start()].trim_end();
            let sentence_start =
                before.is_empty() || before.ends_with(['.', '!', '?', ':', '"', '“', '(', '—']);
            if !sentence_start {
                out.insert(word);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_abbreviation_does_not_end_a_sentence() {
        for t in [
            "see e.g.",
            "the U.S.",
            "tables, charts etc.",
            "Spain vs.",
            "No.",
        ] {
            assert!(after_abbreviation(t), "{t}");
        }
        for t in [
            "release of npm, npm 7.",
            "It works.",
            "Really?",
            "no period",
        ] {
            assert!(!after_abbreviation(t), "{t}");
        }
    }

    #[test]
    fn lower_case_after_a_sentence_is_a_name_but_not_after_an_abbreviation() {
        let doc = Document::parse(
            "a.md",
            "Text.\n\nThis ships npm 7. npm 7 is new, e.g. packages install.\n\n- fix tests\n"
                .to_string(),
            crate::document::Format::Markdown,
        );
        let found = lowercase_at_sentence_start(&doc);
        assert!(found.contains("npm"));
        assert!(!found.contains("packages"));
        assert!(!found.contains("fix"));
    }
}
