//! Heading case: which words break sentence case or title case.
//!
//! Shared by the `[capitalization]` kind and the `titles/heading-case` check. Proper nouns
//! must pass, so sentence case only flags capitalized words that are common lower-case
//! English words (a list derived from edited copy by `scripts/common_words.py`).

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use crate::span::Word;

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common_lowercase.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect()
});

/// Words lower-cased in title case: articles, coordinating conjunctions, short prepositions.
pub const MINOR: &[&str] = &[
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "as", "at", "by", "in", "of",
    "on", "per", "to", "via", "vs", "en", "de", "v",
];

/// Words house styles disagree on (Chicago lower-cases them, AP capitalizes them), and
/// particles capitalized in phrasal verbs (`Next Up`, `Sign Off`): never flagged.
const EITHER: &[&str] = &[
    "with", "from", "into", "onto", "upon", "over", "than", "down", "out", "like", "near", "past",
    "up", "off", "about", "above", "across", "after", "against", "along", "among", "around",
    "before", "behind", "below", "beneath", "beside", "between", "beyond", "during", "through",
    "toward", "towards", "under", "until", "within", "without",
];

/// A heading capitalization style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Sentence,
    Title,
}

impl Case {
    pub fn name(self) -> &'static str {
        match self {
            Case::Sentence => "sentence case",
            Case::Title => "title case",
        }
    }
}

/// Is `w` a common lower-case English word?
pub fn is_common_lowercase(w: &str) -> bool {
    COMMON.contains(w)
}

pub(crate) fn is_minor(w: &str) -> bool {
    MINOR.contains(&w)
}

/// `Word`: an upper-case first letter followed only by lower-case letters.
fn is_capitalized(w: &str) -> bool {
    let mut c = w.chars();
    c.next().is_some_and(char::is_uppercase) && c.all(|c| !c.is_alphabetic() || c.is_lowercase())
}

fn is_lowercase(w: &str) -> bool {
    w.chars().all(|c| !c.is_alphabetic() || c.is_lowercase()) && w.chars().any(char::is_alphabetic)
}

/// Words that say nothing about style: acronyms, mixed case (`iPhone`), numbers, one letter.
fn is_neutral(w: &str) -> bool {
    w.chars().count() < 2
        || !is_capitalized(w) && !is_lowercase(w)
        || w.chars().any(|c| c.is_ascii_digit())
}

/// Positions (word indexes) where a new phrase starts: the first word, and the word after
/// a colon, dash or question mark inside the heading (`Rust 2024: A retrospective`).
/// Leading numbers, dates and versions (`5)`, `2023-11-29,`, `1.2.0 -`) and a leading
/// parenthetical label (`(Update 6-May-2016) Releases available`) come before the first word.
fn phrase_starts(text: &str, words: &[Word]) -> Vec<bool> {
    let mut starts = vec![false; words.len()];
    let mut content_seen = false;
    let label = text.trim_start_matches(['_', '*', ' ']).starts_with('(');
    let label_end = if label { text.find(')') } else { None };
    for (i, w) in words.iter().enumerate() {
        if label_end.is_some_and(|e| w.start() < e) {
            continue;
        }
        if !content_seen {
            starts[i] = true;
            content_seen = !text[w.range()]
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | '/' | ':'));
            continue;
        }
        let gap = &text[words[i - 1].end()..w.start()];
        starts[i] =
            gap.contains([':', '—', '–', '?', '!', '.', '"', '“', '(']) || gap.contains(" - ");
    }
    starts
}

/// Words allowed as written (a rule's exceptions, a document's names): a list, or a set
/// when there are many (a long document's names are looked up for every heading word).
pub trait WordSet {
    fn has(&self, word: &str) -> bool;
}

impl WordSet for [String] {
    fn has(&self, word: &str) -> bool {
        self.iter().any(|e| e == word)
    }
}

impl WordSet for std::collections::HashSet<String> {
    fn has(&self, word: &str) -> bool {
        self.contains(word)
    }
}

/// The word ranges that break `case`, skipping `exceptions` (written exactly as allowed).
pub fn offending_words(
    text: &str,
    words: &[Word],
    case: Case,
    exceptions: &(impl WordSet + ?Sized),
) -> Vec<Range<usize>> {
    let starts = phrase_starts(text, words);
    let last = words.len().saturating_sub(1);
    let mut out = Vec::new();
    let quoted = quoted_ranges(text);
    let expansions = acronym_expansions(text, words);
    for (i, r) in words.iter().map(|w| w.range()).enumerate() {
        let w = &text[r.clone()];
        // A unit or abbreviation after a number (`11:00 pm`, `5 km`) keeps its own case.
        let after_number = i > 0
            && text[..r.start]
                .trim_end()
                .ends_with(|c: char| c.is_ascii_digit());
        // Lower-case compounds are names of tools and identifiers (`rdbms-subsetter`).
        let identifier = is_lowercase(w) && w.contains(['-', '_']);
        if is_neutral(w)
            || after_number
            || identifier
            || exceptions.has(w)
            || part_of_name(text, &r)
            || quoted.iter().any(|q| q.contains(&r.start))
            || expansions.contains(&i)
        {
            continue;
        }
        let lower = w.to_lowercase();
        let bad = match case {
            Case::Sentence => {
                !starts[i] && is_capitalized(w) && is_common_lowercase(&lower) && lower != "i"
            }
            Case::Title => {
                if EITHER.contains(&lower.as_str()) {
                    false
                } else if starts[i] || i == last {
                    is_lowercase(w)
                } else if is_minor(&lower) {
                    is_capitalized(w)
                } else {
                    // A lower-case major word. Hyphenated second parts (`Follow-up`) are allowed.
                    is_lowercase(w) && !w.contains('-')
                }
            }
        };
        if bad {
            out.push(r.clone());
        }
    }
    out
}

/// Word indexes of capitalized words spelling out the acronym in parentheses after them
/// (`Regular Expression Denial of Service (ReDoS)`, `Content Security Policy (CSP)`): a
/// name's expansion keeps its capitals in any style.
fn acronym_expansions(text: &str, words: &[Word]) -> Vec<usize> {
    let mut out = Vec::new();
    for (j, r) in words.iter().map(|w| w.range()).enumerate() {
        let acronym = &text[r.clone()];
        let caps: Vec<char> = acronym.chars().filter(char::is_ascii_uppercase).collect();
        let in_parens = text[..r.start].ends_with('(') && text[r.end..].starts_with(')');
        if !in_parens || caps.len() < 2 || j == 0 {
            continue;
        }
        // Walk back over capitalized and minor words, matching the capitals from the last;
        // an extra capitalized word may sit between (`Expression` in ReDoS).
        let mut want = caps.len();
        let mut taken = Vec::new();
        for i in (0..j).rev() {
            let w = &text[words[i].range()];
            let first = w.chars().next().unwrap_or(' ');
            if first.is_uppercase() {
                if first == caps[want - 1] {
                    want -= 1;
                } else if !acronym.to_lowercase().contains(first.to_ascii_lowercase()) {
                    break;
                }
                taken.push(i);
                if want == 0 {
                    break;
                }
            } else if !is_minor(w) {
                break;
            }
        }
        if want == 0 {
            out.extend(taken);
        }
    }
    out
}

/// A word glued to a dot, slash, semicolon or `@` (`Kids.gov`, `NARA@work`, `tl;dr`): part
/// of a name.
fn part_of_name(text: &str, r: &Range<usize>) -> bool {
    let before = text[..r.start].chars().next_back();
    let after = text[r.end..].chars().next();
    let after2 = text[r.end..].chars().nth(1);
    let before2 = text[..r.start].chars().nth_back(1);
    matches!(before, Some('.' | '/' | '@' | '_'))
        || before == Some(';') && before2.is_some_and(char::is_alphanumeric)
        || matches!(after, Some('/' | '@' | '_'))
        || matches!(after, Some('.' | ';')) && after2.is_some_and(char::is_alphanumeric)
}

/// Text inside quotation marks or parentheses: a quoted title keeps its own capitals, and
/// a parenthetical (`(report by Lynn Boger)`) is not part of the heading's style.
fn quoted_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut paren: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (c, open) {
            ('"' | '“', None) => open = Some(i),
            ('"' | '”', Some(s)) => {
                out.push(s..i);
                open = None;
            }
            _ => {}
        }
        match (c, paren) {
            ('(', None) => paren = Some(i),
            (')', Some(s)) => {
                out.push(s..i);
                paren = None;
            }
            _ => {}
        }
    }
    out
}

/// The words at `ranges`, quoted for a message: `` `There`, `By` ``.
pub fn quote_words(text: &str, ranges: &[Range<usize>]) -> String {
    ranges
        .iter()
        .map(|r| format!("`{}`", &text[r.clone()]))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The style a heading is evidently written in, if it tells.
///
/// Title case: at least two major words after the first and all of them capitalized.
/// Sentence case: some major word after the first is lower case.
pub fn classify(text: &str, words: &[Word]) -> Option<Case> {
    tally(text, words).case()
}

/// What a heading's words tell of its style ([`tally`]).
#[derive(Debug, Clone, Copy)]
pub struct Tally {
    /// Capitalized major words.
    capitalized: usize,
    /// Capitalized words that are not names: common words, minor words.
    evidence: usize,
    /// Lower-case major words.
    lowercase: usize,
    /// Minor words inside the heading (not a phrase's first word, not its last word):
    /// capitalized, and in lower case.
    pub(crate) minor: [usize; 2],
}

impl Tally {
    /// The style the heading is evidently written in ([`classify`]).
    pub fn case(self) -> Option<Case> {
        if self.lowercase > 0 {
            Some(Case::Sentence)
        } else if self.capitalized >= 1 && self.evidence >= 1 {
            Some(Case::Title)
        } else {
            None
        }
    }

    /// The style the heading leans to among its neighbours: [`Tally::case`], or title case
    /// when two major words or more are all capitalized and none is a common word that
    /// would tell (`Improper Certificate Validation`: names or a title, by themselves
    /// undecided).
    pub fn leaning(self) -> Option<Case> {
        self.case()
            .or((self.lowercase == 0 && self.capitalized >= 2).then_some(Case::Title))
    }
}

/// A heading's words counted for [`Tally`], its phrases' first words left out.
pub fn tally(text: &str, words: &[Word]) -> Tally {
    let starts = phrase_starts(text, words);
    let mut capitalized = 0; // capitalized major words
    let mut evidence = 0; // capitalized words that are not names: common words, minor words
    let mut lowercase = 0;
    let mut minor = [0; 2];
    for (i, r) in words.iter().enumerate() {
        let w = &text[r.range()];
        let lower = w.to_lowercase();
        if starts[i] || is_neutral(w) {
            continue;
        }
        if EITHER.contains(&lower.as_str()) {
            // Capitalized, it is title case in any house's (sentence case never capitalizes
            // `Through`); in lower case, it may be Chicago's title case as well.
            evidence += usize::from(is_capitalized(w));
        } else if is_minor(&lower) {
            evidence += usize::from(is_capitalized(w));
            if i + 1 < words.len() {
                minor[usize::from(is_lowercase(w))] += 1;
            }
        } else if is_lowercase(w) {
            lowercase += 1;
        } else if is_capitalized(w) {
            capitalized += 1;
            evidence += usize::from(is_common_lowercase(&lower));
        }
    }
    Tally {
        capitalized,
        evidence,
        lowercase,
        minor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::words;

    fn off(text: &str, case: Case) -> Vec<&str> {
        let w = words(text);
        offending_words(text, &w, case, &[] as &[String])
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    /// A heading of capitalized names says nothing by itself, but leans to title case
    /// among its siblings; a lower-case major word is sentence case either way.
    #[test]
    fn capitals_throughout_lean_to_title_case() {
        let t = "Improper Certificate Validation (CWE-295)";
        assert_eq!(classify(t, &words(t)), None);
        assert_eq!(tally(t, &words(t)).leaning(), Some(Case::Title));
        let t = "Who they are";
        assert_eq!(tally(t, &words(t)).leaning(), Some(Case::Sentence));
        let t = "Overview";
        assert_eq!(tally(t, &words(t)).leaning(), None);
    }

    #[test]
    fn sentence_case_flags_common_words_only() {
        assert_eq!(
            off("Getting There By Metro", Case::Sentence),
            ["There", "By"]
        );
        assert!(off("Software Peer Review in Shanghai", Case::Sentence).is_empty());
        assert!(off("Rust 2024: A retrospective on GitHub", Case::Sentence).is_empty());
    }

    #[test]
    fn names_and_codes_keep_their_case() {
        // An acronym's expansion, a leading date or label, `tl;dr`, phrasal particles.
        let t = "npm upgrade - ssri Regular Expression Denial of Service (ReDoS) (High)";
        assert!(off(t, Case::Sentence).is_empty());
        assert!(off("2023-11-29, Version 18.19.0 released", Case::Sentence).is_empty());
        assert!(off("(Update 6-May-2016) Releases available", Case::Sentence).is_empty());
        assert!(off("tl;dr", Case::Title).is_empty());
        assert!(off("Clean Up Your Content", Case::Title).is_empty());
        // A capitalized common word not spelling the acronym is still flagged.
        assert_eq!(
            off("Denial of Service Vulnerability (DoS)", Case::Sentence),
            ["Vulnerability"]
        );
    }

    #[test]
    fn title_case_flags_minor_and_major_words() {
        assert_eq!(off("Getting there By Metro", Case::Title), ["there", "By"]);
        assert!(off("A Tale of Two Cities", Case::Title).is_empty());
        assert!(off("What We Are Looking For", Case::Title).is_empty());
    }

    #[test]
    fn classifies_headings() {
        let c = |t: &str| classify(t, &words(t));
        assert_eq!(c("Getting There By Metro"), Some(Case::Title));
        assert_eq!(c("Getting there by metro"), Some(Case::Sentence));
        assert_eq!(c("Shanghai"), None);
        assert_eq!(
            c("Software Peer Review in Shanghai"),
            None,
            "names alone do not tell"
        );
    }
}
