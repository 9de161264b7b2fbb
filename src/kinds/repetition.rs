//! `[repetition]`: the same word twice in a row (`the the`).
//!
//! ```toml
//! [repetition]
//! tokens = []                      # only these words; empty: any word
//! exceptions = ["had", "that"]     # `had had` and `that that` are English
//! skip-capitalized = true          # `Bora Bora`, `Walla Walla` are names
//! safe-words = ["the", "a"]        # the fix is safe only for these (when set)
//! compounds = ["file descriptor"]  # `trace file file descriptor`: two compounds meeting
//! object-pronouns = ["her", "you"]  # `gave her her keys`, `told you you had`
//! unless-language = ["vi"]         # skip documents written in these languages
//! ```
//! The fix deletes the second word and the space before it.

use serde::Deserialize;

use super::quoted::QuoteCount;
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::{Document, Word};
use crate::rule::{Check, CompileError, Context, KindTable};

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Spec {
    #[serde(default)]
    tokens: Vec<String>,
    #[serde(default)]
    exceptions: Vec<String>,
    #[serde(default = "yes")]
    skip_capitalized: bool,
    /// When set, the fix is safe only for these words (function words: deleting a doubled
    /// `the` cannot change meaning); for others (`trace file file descriptor`) it is unsafe.
    #[serde(default)]
    safe_words: Vec<String>,
    /// Open compounds (`file descriptor`): a repeat whose second word starts one, after a
    /// word that is not a function word, is two compounds meeting (`trace file file
    /// descriptor`), not a slip. Function words are `safe-words`.
    #[serde(default)]
    compounds: Vec<String>,
    /// Pronouns that are an object and also a subject or a possessive (`her`, `you`): after
    /// a word that is not a function word (a verb: `gave her her keys`, `told you you had`)
    /// the first is the verb's object and the second opens what follows, not a slip. After
    /// a function word or at a sentence's start (`to her her brother`) it is one.
    #[serde(default)]
    object_pronouns: Vec<String>,
    /// Skip documents written in these languages (ISO 639-1 codes): languages whose grammar
    /// doubles words (Vietnamese `dần dần`, Turkish `yavaş yavaş`, Korean `차근 차근`).
    #[serde(default)]
    unless_language: Vec<toml::Spanned<String>>,
}

fn yes() -> bool {
    true
}

pub(super) struct Repetition {
    tokens: Vec<String>,
    exceptions: Vec<String>,
    skip_capitalized: bool,
    safe_words: Vec<String>,
    compounds: std::collections::HashSet<String>,
    object_pronouns: Vec<String>,
    unless_language: Vec<&'static str>,
}

/// Compile a `[repetition]` table.
pub(crate) fn compile(table: &KindTable<'_>) -> Result<Box<dyn Check>, CompileError> {
    Ok(Box::new(Repetition::compile(table.parse()?)?))
}

impl Repetition {
    fn compile(spec: Spec) -> Result<Repetition, CompileError> {
        let lower = |v: Vec<String>| v.into_iter().map(|s| s.to_lowercase()).collect();
        Ok(Repetition {
            tokens: lower(spec.tokens),
            exceptions: lower(spec.exceptions),
            skip_capitalized: spec.skip_capitalized,
            safe_words: lower(spec.safe_words),
            compounds: spec
                .compounds
                .iter()
                .map(|c| {
                    c.split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_lowercase()
                })
                .collect(),
            object_pronouns: lower(spec.object_pronouns),
            unless_language: super::languages(&spec.unless_language)?,
        })
    }
}

impl Check for Repetition {
    fn fixes(&self) -> bool {
        true
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        for block in cx.blocks(doc) {
            let text = block.text();
            let mut quotes = QuoteCount::default();
            let ascii = text.is_ascii();
            let bytes = text.as_bytes();
            for (i, pair) in block.words.windows(2).enumerate() {
                let (a, b) = (pair[0].range(), pair[1].range());
                // Most neighbours differ at once, rejected without a case fold: by their first
                // letters when ASCII (an ASCII letter folds to an ASCII letter, the first of
                // the folded word), by their lengths in ASCII text (a fold may change the
                // length of a non-ASCII word).
                let (x, y) = (bytes[a.start], bytes[b.start]);
                if x.is_ascii() && y.is_ascii() && !x.eq_ignore_ascii_case(&y)
                    || ascii && a.len() != b.len()
                {
                    continue;
                }
                let gap = &text[a.end..b.start];
                if gap.is_empty() || !gap.chars().all(|c| c == ' ' || c == '\t') {
                    continue;
                }
                // Columns, not a sentence: a tab or a run of spaces between the two words
                // (`installed   never      never    Yes`, a plain-text table's cells).
                if gap.len() > 1 || gap.contains('\t') {
                    continue;
                }
                let (wa, wb) = (&text[a.clone()], &text[b.clone()]);
                let same = wa.eq_ignore_ascii_case(wb)
                    || !(wa.is_ascii() && wb.is_ascii()) && wa.to_lowercase() == wb.to_lowercase();
                if !same {
                    continue;
                }
                // Numbers, scores and results (`1 1`, `6-4 6-4`) are facts, never slips to fix.
                if wa.chars().any(char::is_numeric) {
                    continue;
                }
                let lower = wa.to_lowercase();
                if self.exceptions.contains(&lower)
                    || !self.tokens.is_empty() && !self.tokens.contains(&lower)
                {
                    continue;
                }
                if self.skip_capitalized && wb.chars().next().is_some_and(char::is_uppercase) {
                    continue;
                }
                if deliberate(doc, block, &pair_context(text, &block.words, i))
                    || self.compounds_meet(text, &block.words, i, &lower)
                    || self.object_then_subject(text, &block.words, i, &lower)
                {
                    continue;
                }
                // Inside a quotation the words are the speaker's: a person decides. (The count
                // of quotes before the pair advances with it: linear in the block.)
                quotes.advance(text, a.start);
                let quoted = quotes.inside();
                let content_word = !self.safe_words.is_empty() && !self.safe_words.contains(&lower);
                // A short quoted phrase is quoted word for word, a doubled content word and
                // all: a command (`"git help help"`), a phrase someone used (`"bad bad
                // news"`). In a quoted sentence it is a slip (`"I've still still felt"`), and
                // a doubled function word is one anywhere (`"the the end"`).
                if quoted && content_word && short_quotation(text, a.start, b.end) {
                    continue;
                }
                // The document's language (told once, when a repeat first needs it), or the
                // block's.
                if super::skipped_language(doc, block, &self.unless_language) {
                    continue;
                }
                let span = block.prose.map_range(a.start..b.end);
                let delete = block
                    .prose
                    .exact_range(a.end..b.end)
                    .and_then(|r| Edit::checked(&doc.text, r, ""));
                let d = cx.report(span, &[("match", wb)]);
                if let Some(e) = delete {
                    let (title, applicability) = if quoted {
                        (
                            format!("remove the second `{wb}` (inside a quotation)"),
                            Applicability::Unsafe,
                        )
                    } else if content_word {
                        (
                            format!("remove the second `{wb}` (check it is not a compound)"),
                            Applicability::Unsafe,
                        )
                    } else {
                        (format!("remove the second `{wb}`"), Applicability::Safe)
                    };
                    d.fix = Some(Fix::one(title, applicability, e));
                }
            }
        }
    }
}

impl Repetition {
    /// `trace file file descriptor`: the word before the pair is a content word (not one of
    /// `safe-words`) and the second word starts a listed compound with the word after it, all
    /// separated by spaces only. `the file file descriptor` is still a slip.
    fn compounds_meet(&self, text: &str, words: &[Word], i: usize, lower: &str) -> bool {
        if self.compounds.is_empty() || i == 0 {
            return false;
        }
        let (Some(&p), Some(&n)) = (words.get(i - 1), words.get(i + 2)) else {
            return false;
        };
        let spaced = |x: Word, y: Word| {
            let gap = &text[x.end()..y.start()];
            !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\t')
        };
        if !spaced(p, words[i]) || !spaced(words[i + 1], n) {
            return false;
        }
        let before = text[p.range()].to_lowercase();
        if self.safe_words.contains(&before) || self.exceptions.contains(&before) {
            return false;
        }
        let compound = format!("{lower} {}", text[n.range()].to_lowercase());
        self.compounds.contains(&compound)
    }

    /// `gave her her keys`, `told you you had`: the pair is one of `object-pronouns` and the
    /// word before it, a space away, is a word of prose that is not a function word (not one
    /// of `safe-words` or `exceptions`): a verb and its object, then the pronoun that opens
    /// what follows. `to her her brother`, `and you you` and a sentence opening with the pair
    /// are slips.
    fn object_then_subject(&self, text: &str, words: &[Word], i: usize, lower: &str) -> bool {
        if i == 0 || !self.object_pronouns.iter().any(|p| p == lower) {
            return false;
        }
        let p = words[i - 1];
        let gap = &text[p.end()..words[i].start()];
        if gap.is_empty() || !gap.chars().all(|c| c == ' ') {
            return false;
        }
        let before = text[p.range()].to_lowercase();
        before.chars().all(char::is_alphabetic)
            && !self.safe_words.contains(&before)
            && !self.exceptions.contains(&before)
    }
}

/// Words at most in a quoted phrase (as opposed to a quoted sentence).
const SHORT_QUOTATION_WORDS: usize = 6;

/// Whether `start..end` lies in a short quoted phrase: the double quotes around it (looked
/// for within a few words) enclose at most `SHORT_QUOTATION_WORDS` words and no end of a
/// sentence.
fn short_quotation(text: &str, start: usize, end: usize) -> bool {
    const NEAR: usize = 120;
    let mut from = start.saturating_sub(NEAR);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + NEAR).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let (before, after) = (&text[from..start], &text[end..to]);
    let open = before
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, '"' | '“'))
        .map(|(i, c)| from + i + c.len_utf8());
    let (Some(open), Some(close)) = (open, after.find(['"', '”'])) else {
        return false;
    };
    let inside = &text[open..end + close];
    // A stop inside a path or a number (`./program`, `1.2`) ends no sentence.
    let sentence_end = inside.match_indices(['.', '!', '?']).any(|(i, _)| {
        inside[i + 1..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace)
    });
    inside.split_whitespace().count() <= SHORT_QUOTATION_WORDS && !sentence_end
}

/// What surrounds a repeated pair.
struct Pair<'t> {
    first: &'t str,
    /// The block text before the first word.
    before: &'t str,
    /// Text right after the second word.
    after: &'t str,
    /// The same word also comes right before or after the pair (`long long long`).
    run_of_three: bool,
    /// Original byte ranges of the two words.
    src_a: std::ops::Range<usize>,
    src_b: std::ops::Range<usize>,
}

/// The pair of words `i` and `i + 1` in their context (the index is the pair's own: no
/// search, so many repeats in one paragraph stay linear).
fn pair_context<'t>(text: &'t str, words: &[Word], i: usize) -> Pair<'t> {
    let (a, b) = (words[i].range(), words[i + 1].range());
    let same = |w: &Word| text[w.range()].eq_ignore_ascii_case(&text[a.clone()]);
    let prev = i.checked_sub(1).and_then(|j| words.get(j));
    let next = words.get(i + 2);
    let adjacent = |x: std::ops::Range<usize>, y: std::ops::Range<usize>| {
        text[x.end..y.start].trim().is_empty()
    };
    let run_of_three = prev.is_some_and(|p| same(p) && adjacent(p.range(), a.clone()))
        || next.is_some_and(|n| same(n) && adjacent(b.clone(), n.range()));
    Pair {
        first: &text[a.clone()],
        before: &text[..a.start],
        after: &text[b.end..],
        run_of_three,
        src_a: a.clone(),
        src_b: b.clone(),
    }
}

/// Whether the first word of a pair is all its source line holds, but for indentation and
/// a list item's mark (as the plain-text reader reads one).
fn alone_on_its_line(doc: &Document, block: &crate::document::Block, p: &Pair<'_>) -> bool {
    let start = block.prose.map_start(p.src_a.start);
    let line = doc.lines.line_range(&doc.text, doc.lines.line_of(start));
    let text = doc.text[line].trim();
    let marker = crate::document::plain_list_marker(text).unwrap_or(0);
    text[marker..].trim_start() == p.first
}

/// Repeats a writer meant: reduplication (`long long long`), emphasis (`did *did*`), a name
/// before a word (`Gallus gallus`, `Will will`), an operator (`AND and`), a file name
/// (`Data data.json`), a path (`r-lib/actions actions`), a synopsis's argument before an
/// ellipsis (`merge bugnumber bugnumber ...`), a pair that is the whole block (`win win`).
fn deliberate(doc: &Document, block: &crate::document::Block, p: &Pair<'_>) -> bool {
    if p.run_of_three {
        return true;
    }
    let src_gap = &doc.text[block.prose.map_end(p.src_a.end)..block.prose.map_start(p.src_b.start)];
    if src_gap.contains(['*', '_']) {
        return true;
    }
    // In a plain text read as it is written, a word that opens its line as a label, right
    // before a colon, starts an entry of its own under a line that ended with it: a
    // grammar's rule (`star_expr: '*' expr` over `expr: xor_expr …`), a changelog's `area:
    // change` line. Lines are lines there; where markup joins them into one paragraph
    // (Markdown, reStructuredText) the reader sees `expr expr:` and it is still flagged.
    // So does a word alone on its line over a line that opens with it: gdb's `end` over
    // `end` in a macro file, `make` over `make install`, a term (`- interrupts`) over its
    // definition. A writer's wrapped line of prose holds more than one word.
    if src_gap.contains('\n')
        && (p.after.starts_with(':') || alone_on_its_line(doc, block, p))
        && doc.format == crate::document::Format::Text
        && !doc.marked_up()
    {
        return true;
    }
    let sentence_start = {
        // Masked markup (an inline comment, a tag, code) is looked through: `works.
        // <!-- c -->\nThe the end` starts a sentence.
        let b = p.before.trim_end_matches(|c: char| {
            c.is_whitespace()
                || c == crate::document::MASK
                || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '*' | '_')
        });
        b.is_empty() || b.ends_with(['.', '!', '?', ':'])
    };
    let capitalized = p.first.chars().next().is_some_and(char::is_uppercase);
    if capitalized && !sentence_start {
        return true;
    }
    let all_caps = |w: &str| {
        w.chars().filter(|c| c.is_alphabetic()).count() > 1
            && w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
    };
    if all_caps(p.first) {
        return true;
    }
    let mut after = p.after.chars();
    if after.next() == Some('.') && after.next().is_some_and(char::is_alphanumeric) {
        return true;
    }
    // An argument repeated before an ellipsis is a synopsis's pattern (`merge bugnumber
    // bugnumber ...`, `FILE FILE…`): one or more, not a slip.
    let rest = p.after.trim_start_matches([' ', '\t']);
    if rest.starts_with("...") || rest.starts_with('…') {
        return true;
    }
    // The pair is all the block says: a term, not a slip in a sentence (a glossary's
    // headword `win win`, a heading `Bye Bye`).
    let alone = |s: &str| {
        s.chars().all(|c| {
            c.is_whitespace() || c == crate::document::MASK || matches!(c, '.' | '!' | '?' | ':')
        })
    };
    if alone(p.before) && alone(p.after) {
        return true;
    }
    // A word being mentioned, not used: the pair is all there is inside quotes or code
    // (`fix the "the the" typo`).
    let mentioned = p.before.ends_with(['"', '“', '\'', '‘', '`'])
        && p.after.starts_with(['"', '”', '\'', '’', '`']);
    // Part of a path, an address, an identifier or an expression (`r-lib/actions
    // actions`, `env_string string`, `Function::Call call`), the first word or the second
    // (`rename to_str to to_cow_str`, `the the::path`, `rm -f a a~`, `user user@host`,
    // `x x=1`): glued to a mark no word of prose ends with.
    mentioned
        || p.before
            .ends_with(['/', '.', '@', '#', '-', '\\', '_', ':'])
        || p.after.starts_with([
            '_', '~', '@', '/', '\\', '=', '#', '$', '%', '^', '&', '+', '<', '>', '|',
        ])
        || p.after.starts_with("::")
}

#[cfg(test)]
mod tests {
    use crate::kinds::test_util::{flagged, rule};

    #[test]
    fn flags_repeats_but_not_names_or_exceptions() {
        let r = rule("[repetition]\nexceptions = [\"had\"]", "⟦the the⟧", "the");
        assert_eq!(
            flagged(&r, "Read the the book. We had had enough. Bora Bora is far. 1 1. The the end. It is, is it"),
            ["the the", "The the"]
        );
    }

    /// The quick rejections (first letters, lengths) never hide a repeat: accented words, in
    /// text with and without non-ASCII characters.
    #[test]
    fn repeats_differing_in_case_or_accented_are_found() {
        let r = rule("[repetition]", "⟦the the⟧", "the");
        assert_eq!(
            flagged(&r, "Ein schönes schönes Haus – wirklich."),
            ["schönes schönes"]
        );
        assert_eq!(flagged(&r, "Il a dit été été hier."), ["été été"]);
        assert_eq!(flagged(&r, "a cat and dog, not a “cat”."), [] as [&str; 0]);
    }

    #[test]
    fn deliberate_repeats_are_not_flagged() {
        let r = rule("[repetition]", "⟦the the⟧", "the");
        let text = "A long long long time. It may actually *actually* work. The same for Gallus gallus. \
                    Multiplication is AND and addition is XOR. See Project Open Data data.json now. \
                    Use r-lib/actions actions. Yada yada yada.";
        assert!(flagged(&r, text).is_empty(), "{:?}", flagged(&r, text));
        assert_eq!(
            flagged(&r, "Check out the [the tracker](http://x.y)."),
            ["the [the"]
        );
    }

    #[test]
    fn markup_before_a_sentence_is_looked_through() {
        let r = rule("[repetition]", "⟦the the⟧", "the");
        for text in [
            "A line. <!-- c -->\nThe the end.",
            "A line. <b>bold</b>. The the end.",
        ] {
            assert_eq!(flagged(&r, text), ["The the"], "{text:?}");
        }
        // After code that is not a sentence, a capital is still a name.
        assert!(flagged(&r, "Run `make` Will will do it.").is_empty());
    }

    #[test]
    fn repeats_across_a_wrapped_line_are_found_without_a_fix() {
        let r = rule("[repetition]", "⟦the the⟧", "the");
        let (doc, out) = crate::kinds::test_util::run(&r, "in the\nthe end");
        assert_eq!(out.len(), 1);
        assert_eq!(&doc.text[out[0].span.range()], "the\nthe");
        assert!(out[0].fix.is_none());
    }

    #[test]
    fn inside_a_quotation_the_fix_is_unsafe() {
        use crate::diagnostic::Applicability;
        let r = rule("[repetition]", "⟦the the⟧", "the");
        let (_, out) = crate::kinds::test_util::run(&r, "He said “the the end” and the the rest.");
        let apps: Vec<_> = out
            .iter()
            .map(|d| d.fix.as_ref().unwrap().applicability)
            .collect();
        assert_eq!(apps, [Applicability::Unsafe, Applicability::Safe]);
    }

    #[test]
    fn a_short_quoted_phrase_keeps_its_doubled_content_words() {
        let r = rule("[repetition]\nsafe-words = [\"the\"]", "⟦the the⟧", "the");
        let text = r#"It was “bad bad news”, "git help help" failed, "the the end"."#;
        let (doc, out) = crate::kinds::test_util::run(&r, text);
        let found: Vec<_> = out.iter().map(|d| &doc.text[d.span.range()]).collect();
        assert_eq!(found, ["the the"]);
        // A quoted sentence's doubled content word is a slip, and so is one outside quotes.
        let text = r#"She wrote: "I have still still felt inspired by every project.""#;
        assert_eq!(flagged(&r, text).len(), 1);
        assert_eq!(flagged(&r, "It was bad bad news.").len(), 1);
        // A path's or a version's stop ends no sentence: a command quoted whole.
        let text = r#"Load the dump in GDB as "gdb gdb ./program_binary core" now."#;
        assert!(flagged(&r, text).is_empty());
        let text = r#"She wrote: "It was still still. Fine.""#;
        assert_eq!(flagged(&r, text).len(), 1);
    }

    #[test]
    fn with_safe_words_only_function_words_get_a_safe_fix() {
        use crate::diagnostic::Applicability;
        let r = rule("[repetition]\nsafe-words = [\"the\"]", "⟦the the⟧", "the");
        let (_, out) = crate::kinds::test_util::run(&r, "Plug the the trace file file descriptor.");
        let apps: Vec<_> = out
            .iter()
            .map(|d| d.fix.as_ref().unwrap().applicability)
            .collect();
        assert_eq!(apps, [Applicability::Safe, Applicability::Unsafe]);
    }

    #[test]
    fn two_compounds_meeting_are_not_a_slip() {
        let r = rule(
            "[repetition]\nsafe-words = [\"the\"]\ncompounds = [\"file  Descriptor\"]",
            "⟦the the⟧",
            "the",
        );
        assert!(flagged(&r, "Plug the trace file file descriptor leak.").is_empty());
        // After a function word, or before a word that makes no listed compound: a slip.
        assert_eq!(
            flagged(&r, "Close the file file descriptor."),
            ["file file"]
        );
        assert_eq!(flagged(&r, "A trace file file is here."), ["file file"]);
        assert_eq!(flagged(&r, "A trace file file, descriptor."), ["file file"]);
    }

    #[test]
    fn an_object_pronoun_before_its_twin_after_a_verb_is_grammar() {
        let r = rule(
            "[repetition]\nsafe-words = [\"to\", \"and\"]\nobject-pronouns = [\"her\", \"you\"]",
            "⟦the the⟧",
            "the",
        );
        assert!(flagged(&r, "I told you you had it. They gave her her keys.").is_empty());
        // After a function word, at a sentence's start, across a mark: slips.
        assert_eq!(
            flagged(
                &r,
                "It went to her her brother. And you you know. You you see. Told, you you."
            ),
            ["her her", "you you", "You you", "you you"]
        );
        // Another doubled word after a verb is still one.
        assert_eq!(flagged(&r, "They gave the the keys."), ["the the"]);
    }
}
