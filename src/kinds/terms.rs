//! Word and phrase lists matched on word boundaries with one Aho-Corasick automaton,
//! instead of one Unicode `\b` regex per word (see DESIGN.md on matching speed).

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::document::is_word_char;

/// A compiled list of terms.
#[derive(Debug, Clone)]
pub struct Terms {
    ac: AhoCorasick,
    terms: Vec<String>,
}

impl Terms {
    /// Case-insensitive (ASCII) when `ignore_case`; non-ASCII letters always match exactly.
    pub fn new<S: AsRef<str>>(terms: &[S], ignore_case: bool) -> Terms {
        let terms: Vec<String> = terms.iter().map(|t| t.as_ref().to_string()).collect();
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(ignore_case)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&terms)
            .expect("term lists are small");
        Terms { ac, terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Matches in `text` that stand on word boundaries: (range, index of the term).
    pub fn find_iter<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (Range<usize>, usize)> + 'a {
        self.ac.find_iter(text).filter_map(move |m| {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let term = &self.terms[m.pattern().as_usize()];
            // Only demand a boundary where the term itself starts or ends with a word char.
            let need_before = term.chars().next().is_some_and(is_word_char);
            let need_after = term.chars().next_back().is_some_and(is_word_char);
            let ok = !(need_before && before.is_some_and(is_word_char)
                || need_after && after.is_some_and(is_word_char));
            ok.then(|| (m.range(), m.pattern().as_usize()))
        })
    }

    pub fn term(&self, i: usize) -> &str {
        &self.terms[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_on_word_boundaries_only() {
        let t = Terms::new(&["cat", "e-mail"], true);
        let text = "Concat the Cat, e-mail café_cat";
        let found: Vec<&str> = t.find_iter(text).map(|(r, _)| &text[r]).collect();
        assert_eq!(found, ["Cat", "e-mail"]);
    }

    #[test]
    fn unicode_neighbours_are_word_chars() {
        let t = Terms::new(&["caf"], true);
        assert_eq!(t.find_iter("café").count(), 0);
    }
}
