//! Line classification: each block of a document as a candidate line, with its shape
//! (length, sentence or headline form, capitals, no letters) and the lexicon cues it
//! matches (furniture phrase, list header, comment metadata, dateline or credit).

use std::ops::Range;

use super::lexicon::{may_be_phrase, COMMENT_META, HEADER, META, PHRASES, STOPWORDS};
use super::limits::*;
use crate::document::{BlockKind, Document, Format, MASK};

/// One candidate line.
pub(super) struct Line {
    /// Index of the block in the document.
    pub(super) block: usize,
    /// Whole source lines covered.
    pub(super) src: Range<usize>,
    pub(super) text: String,
    pub(super) words: usize,
    pub(super) content: Vec<String>,
    pub(super) headline_like: bool,
    pub(super) phrase: bool,
    pub(super) header: bool,
    pub(super) comment_meta: bool,
    /// Body copy: a long line ending a sentence.
    pub(super) body: bool,
    /// A sentence (ends like one, several words): kept even inside furniture regions.
    pub(super) sentence: bool,
    /// No letters at all (`-`, `% |`, `|---|`): separators between furniture.
    pub(super) filler: bool,
    /// Every letter upper case, several words: a promo headline (`CLICK HERE TO …`).
    pub(super) shouting: bool,
    /// A dateline, byline or photo credit in plain-text copy.
    pub(super) meta: bool,
    /// The standfirst under a plain-text title: never furniture by shape alone.
    pub(super) deck: bool,
}

/// Content words of a block (lower-cased, four letters or more, no stop words), from the
/// block's own tokens.
fn content_words(b: &crate::document::Block) -> Vec<String> {
    let text = b.text();
    b.words
        .iter()
        .map(|r| &text[r.clone()])
        .filter(|w| w.len() >= 4 && !w.bytes().all(|c| c.is_ascii_digit()))
        .map(str::to_lowercase)
        .filter(|w| STOPWORDS.binary_search(&w.as_str()).is_err())
        .collect()
}

fn headline_like(text: &str, words: usize) -> bool {
    let t = text.trim();
    // Headlines may open with an emoji or a bullet, and may be questions.
    let first = t
        .chars()
        .find(|c| c.is_alphanumeric() || matches!(c, '"' | '“' | '\'' | '‘'));
    HEADLINE_WORDS.contains(&words)
        && first.is_some_and(|c| {
            c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '\'' | '‘')
        })
        && (t.ends_with('?') || !crate::document::plain_ends_sentence(t))
        && !t.ends_with([',', '-', '–', '—'])
}

/// Classify every block of the document that may be furniture, in document order.
pub(super) fn classify(doc: &Document) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    for (bi, b) in doc.blocks.iter().enumerate() {
        if b.field.is_some() || b.kind == BlockKind::TableCell {
            continue;
        }
        // A title or deck reads like a headline by design: only furniture phrases count.
        let deck = matches!(b.kind, BlockKind::Deck | BlockKind::Title);
        let range = b.range();
        let first = doc.lines.line_of(range.start);
        let last = doc
            .lines
            .line_of(range.end.saturating_sub(1).max(range.start));
        let src = doc.lines.line_start(first)..doc.lines.line_range(&doc.text, last).end;
        let source = &doc.text[src.clone()];
        // A line that is only markup (`</Tabs>`, `<Alert>`, `{/* … */}`) pairs with markup
        // elsewhere: never furniture, never deleted.
        let trimmed = source.trim();
        if (trimmed.starts_with('<') && trimmed.ends_with('>'))
            || (trimmed.starts_with('{') && trimmed.ends_with('}'))
        {
            continue;
        }
        // Markdown an author wrote: links, headings, emphasis-only lines are content structure.
        let markup = doc.format == Format::Markdown
            && (source.contains('[') && source.contains(']')
                || source.contains("<a ")
                || matches!(b.kind, BlockKind::Heading(_)));
        let text: String = b.text().chars().filter(|&c| c != MASK).collect();
        let text = text.trim().to_string();
        if text.is_empty() {
            continue;
        }
        let words = b.words.len();
        // `[Related: …]`, `- More:` read as their inside.
        let inner = text
            .trim_start_matches(['-', '•', '*', ' '])
            .trim_start_matches('[')
            .trim_end_matches(']')
            .trim();
        // Furniture is short: long lines are never matched against the lexicon.
        let phrase = words <= PHRASE_MAX_WORDS
            && may_be_phrase(inner)
            && PHRASES.iter().any(|re| re.is_match(inner));
        let header = HEADER.is_match(inner)
            && !(doc.format == Format::Markdown && matches!(b.kind, BlockKind::Heading(_)));
        let comment_meta = words <= COMMENT_META_MAX_WORDS
            && (COMMENT_META.is_match(inner) || COMMENT_META.is_match(&text));
        let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
        let shouting = words >= SHOUTING_MIN_WORDS
            && letters.len() >= SHOUTING_MIN_LETTERS
            && letters.iter().all(|c| c.is_uppercase());
        let body = words >= BODY_MIN_WORDS && crate::document::plain_ends_sentence(&text);
        out.push(Line {
            block: bi,
            src,
            content: Vec::new(),
            headline_like: !markup && !deck && headline_like(&text, words),
            // In Markdown an author wrote, a lone word (`**Twitter**`, `* Comments`) is a
            // subhead or a list item, and links and headings are structure.
            phrase: phrase && !markup && (doc.format == Format::Text || words >= 2),
            header,
            comment_meta,
            body,
            sentence: words >= SENTENCE_MIN_WORDS
                && crate::document::plain_ends_sentence(&text)
                && !text.ends_with('?'),
            filler: letters.is_empty(),
            shouting,
            // (Not an embedded tweet's attribution: `— Name (@handle) November 3, 2019`.)
            meta: doc.format == Format::Text
                && words <= META_MAX_WORDS
                && !crate::document::plain_ends_sentence(&text)
                && !text.starts_with(['—', '–'])
                && META.is_match(&text),
            deck,
            words,
            text,
        });
    }
    // Overlap with the body matters only where headline-like lines could be unrelated
    // headlines: skip the word work for every other document.
    if out.iter().any(|l| l.headline_like || l.shouting) {
        for l in out
            .iter_mut()
            .filter(|l| l.body || l.headline_like || l.shouting)
        {
            l.content = content_words(&doc.blocks[l.block]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify_text(text: &str) -> Vec<Line> {
        classify(&Document::parse("t.txt", text.to_string(), Format::Text))
    }

    #[test]
    fn headlines_sentences_and_filler() {
        assert!(headline_like("Council Approves New Budget For Schools", 6));
        assert!(!headline_like("The council approved the budget.", 5));
        assert!(headline_like("Will the bridge open in May?", 6));
        assert!(!headline_like("Two words", 2));
        let lines = classify_text(
            "Title\n\nThe council met on Tuesday and approved the new budget for the schools of the city.\n\n---\n\nREAD THE FULL STORY ON OUR WEBSITE NOW\n",
        );
        let body = lines.iter().find(|l| l.body).unwrap();
        assert!(body.sentence && body.words >= BODY_MIN_WORDS);
        assert!(lines.iter().any(|l| l.filler));
        assert!(lines.iter().any(|l| l.shouting));
    }

    #[test]
    fn lexicon_cues_in_plain_text() {
        let lines = classify_text(
            "Title\n\nRelated stories\n\nShare this article\n\n2 days ago\n\nBy Jane Smith\n",
        );
        let by = |t: &str| lines.iter().find(|l| l.text == t).unwrap();
        assert!(by("Related stories").header);
        assert!(by("Share this article").phrase);
        assert!(by("2 days ago").comment_meta);
        assert!(by("By Jane Smith").meta);
        assert!(
            lines[0].deck,
            "a plain-text title is never furniture by shape"
        );
    }

    #[test]
    fn markdown_links_and_headings_are_not_headlines() {
        let doc = Document::parse(
            "t.md",
            "# Title\n\n## A Section Heading Here\n\n[A Linked Story About Things](https://x.org)\n".to_string(),
            Format::Markdown,
        );
        assert!(classify(&doc).iter().all(|l| !l.headline_like));
    }
}
