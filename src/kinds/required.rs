//! A regex's required literals: strings one of which every match contains (`‘` in
//! `\p{L}(‘)\p{L}`, two spaces in `( {2,})`). A block that contains none of them cannot
//! match, so the regex is not run on it: one SIMD scan (Teddy) instead of a regex search
//! over every block, for any user rule as well as the built-in ones — also for a pattern
//! that opens with literals, whose own prefilter (`([,;])[,;]+`: a search for every comma)
//! costs several times more.
//!
//! Derived from the pattern's syntax tree (`regex-syntax`, the parser the regex crate uses,
//! with the same defaults), so it is always a necessary condition: a block the screen passes
//! is then searched by the real regex. A pattern with no useful set (a literal as short and
//! common as one ASCII byte, or none at all) is never screened.

use aho_corasick::AhoCorasick;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, Hir, HirKind};

/// Literals shorter than this are too common to screen by (`,`, a space).
const MIN_LITERAL: usize = 2;
/// A class is expanded into its characters only when it is this small (`[‘’]`, `(?i)a`).
const MAX_CLASS_CHARS: usize = 8;
/// Sets larger than this are not worth a screen.
const MAX_LITERALS: usize = 64;

/// The screen of one regex: `None` when it has no useful required literals.
#[derive(Debug)]
pub(crate) struct Required(Option<Screen>);

/// A set of literals searched for: by Teddy (SIMD, fingerprints of the literals' first
/// bytes) where the CPU and the set allow, else by an automaton. Literals sharing a common
/// first byte (` ,` ` ;` ` .`: a space before a mark) are the screens' usual case, and an
/// automaton's prefilter then stops at every space.
#[derive(Debug)]
enum Screen {
    Packed(aho_corasick::packed::Searcher),
    Automaton(AhoCorasick),
}

impl Required {
    /// The screen of `pattern` (which must be a valid regex).
    pub(crate) fn of(pattern: &str) -> Required {
        let Ok(hir) = regex_syntax::Parser::new().parse(pattern) else {
            return Required(None);
        };
        let set = required(&hir).filter(|lits| {
            !lits.is_empty()
                && lits.len() <= MAX_LITERALS
                && lits.iter().all(|l| l.len() >= MIN_LITERAL)
        });
        Required(set.and_then(|lits| Screen::of(lits, true)))
    }

    /// Whether the regex may match somewhere in `text`.
    pub(crate) fn may_match(&self, text: &str) -> bool {
        match &self.0 {
            None => true,
            Some(Screen::Packed(p)) => p.find(text).is_some(),
            Some(Screen::Automaton(ac)) => ac.is_match(text),
        }
    }

    /// The automaton's screen of `pattern`, as a CPU without Teddy gets it (for tests).
    #[cfg(test)]
    fn unpacked(pattern: &str) -> Required {
        let hir = regex_syntax::Parser::new().parse(pattern).expect("valid");
        let lits = required(&hir).expect("a set");
        Required(Screen::of(lits, false))
    }

    /// Whether there is a screen at all (for tests).
    #[cfg(test)]
    fn screens(&self) -> bool {
        self.0.is_some()
    }
}

impl Screen {
    /// Teddy if `packed` and it can be built here, else an automaton.
    fn of(lits: Vec<Vec<u8>>, packed: bool) -> Option<Screen> {
        let teddy = packed
            .then(|| {
                aho_corasick::packed::Config::new()
                    .builder()
                    .extend(&lits)
                    .build()
            })
            .flatten();
        match teddy {
            Some(p) => Some(Screen::Packed(p)),
            None => AhoCorasick::new(lits).ok().map(Screen::Automaton),
        }
    }
}

/// Literals one of which every match of `hir` contains, if there is a finite set.
fn required(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Literal(l) => Some(vec![l.0.to_vec()]),
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => {
            // `x{2,}`: the literal twice in a row.
            let one = required(&r.sub)?;
            match (r.min, r.sub.kind()) {
                (2.., HirKind::Literal(l)) => Some(vec![l.0.repeat(r.min.min(4) as usize)]),
                _ => Some(one),
            }
        }
        HirKind::Class(Class::Unicode(c)) => members(
            c.ranges().iter().map(|r| r.start()..=r.end()),
            |ch: char| ch.to_string().into_bytes(),
        ),
        HirKind::Class(Class::Bytes(c)) => {
            members(c.ranges().iter().map(|r| r.start()..=r.end()), |b: u8| {
                vec![b]
            })
        }
        // Every match contains a match of each part, and where two parts meet, one of the
        // first's endings followed by one of the second's beginnings (` ,` where a run of
        // spaces meets a comma): the best of these sets.
        HirKind::Concat(parts) => {
            let meetings = parts.windows(2).filter_map(|w| meeting(&w[0], &w[1]));
            parts
                .iter()
                .filter_map(required)
                .chain(meetings)
                .max_by_key(|lits| {
                    let shortest = lits.iter().map(Vec::len).min().unwrap_or(0);
                    (shortest.min(8), std::cmp::Reverse(lits.len()))
                })
        }
        // Every match is a match of one branch: the union, if every branch has a set.
        HirKind::Alternation(subs) => {
            let mut out = Vec::new();
            for s in subs {
                out.extend(required(s)?);
            }
            Some(out)
        }
        _ => None,
    }
}

/// The members of a small class (at most [`MAX_CLASS_CHARS`]), each as its bytes.
fn members<T>(
    ranges: impl Iterator<Item = std::ops::RangeInclusive<T>>,
    bytes: impl Fn(T) -> Vec<u8>,
) -> Option<Vec<Vec<u8>>>
where
    std::ops::RangeInclusive<T>: Iterator<Item = T>,
{
    let mut out = Vec::new();
    for member in ranges.flatten() {
        if out.len() >= MAX_CLASS_CHARS {
            return None;
        }
        out.push(bytes(member));
    }
    Some(out)
}

/// The literals where a match of `a` meets a match of `b`: each of `a`'s possible endings
/// followed by each of `b`'s possible beginnings, when both sets are finite and small.
fn meeting(a: &Hir, b: &Hir) -> Option<Vec<Vec<u8>>> {
    let ends = edge(a, ExtractKind::Suffix)?;
    let starts = edge(b, ExtractKind::Prefix)?;
    if ends.len() * starts.len() > MAX_LITERALS {
        return None;
    }
    Some(
        ends.iter()
            .flat_map(|e| starts.iter().map(move |s| [e.as_slice(), s].concat()))
            .collect(),
    )
}

/// The literals every match of `hir` begins (or ends) with, if a finite set.
fn edge(hir: &Hir, kind: ExtractKind) -> Option<Vec<Vec<u8>>> {
    let mut ex = Extractor::new();
    ex.kind(kind).limit_total(MAX_LITERALS);
    let seq = ex.extract(hir);
    seq.literals()
        .map(|lits| lits.iter().map(|l| l.as_bytes().to_vec()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_literals_screen_and_common_ones_do_not() {
        let apostrophe = Required::of(r"\p{L}(‘)\p{L}");
        assert!(apostrophe.screens());
        assert!(apostrophe.may_match("it‘s"));
        assert!(!apostrophe.may_match("it’s, and it's"));
        let spaces = Required::of(r#"(?:[^\s.!?]|[^\s.]["”’)])( {2,})[^\s]"#);
        assert!(spaces.screens());
        assert!(spaces.may_match("a  b") && !spaces.may_match("a b c"));
        // Where two parts meet: a space before a mark, two marks in a row.
        let before = Required::of(r"\p{L}( +)(?:,|[;:?!]\s|\.$)");
        assert!(before.screens());
        assert!(before.may_match("the mayor , who") && !before.may_match("the mayor, who"));
        let doubled = Required::of(r"\w([,;])[,;]+");
        assert!(doubled.may_match("a;, b") && !doubled.may_match("a, b; c"));
        // One ASCII byte (a comma, a space) is in nearly every block: no screen.
        assert!(!Required::of(r"\w+,").screens());
        assert!(!Required::of(r"\p{L}+").screens());
        // A pattern that opens with literals is screened too (its own prefilter is slower).
        let mojibake = Required::of(r"â€[™œ]?|Ã[\x{80}-\x{BF}]");
        assert!(mojibake.may_match("cafÃ©") && !mojibake.may_match("café"));
        // A branch without a literal leaves the whole pattern unscreened.
        assert!(!Required::of(r"foo bar|\d+").screens());
        assert!(Required::of(r"(?i)foo bar|baz qux").may_match("BAZ QUX"));
    }

    /// The screen never rejects a text the regex matches.
    #[test]
    fn the_screen_is_only_a_necessary_condition() {
        let patterns = [
            r"\p{L}(‘)\p{L}",
            r"(?i)mojibake|â€™|Ã©",
            r"([,;])[,;]+",
            r"(?:x|y)‘{2,}",
            r"colou?r scheme",
            r"\p{L}( +)(?:,(?:\s|$)|[;:?!](?:\s*$|\s+\p{Lu})|\.(?:\s*$))",
            r"x*y",
        ];
        let texts = [
            "it‘s",
            "MOJIBAKE here",
            "cafÃ©",
            "a,, b",
            "x‘‘‘",
            "color scheme",
            "colour scheme",
            "nothing",
            "a , b",
            "a ;",
            "b . ",
            "y",
            "xxy",
        ];
        for p in patterns {
            let (re, screen) = (regex::Regex::new(p).unwrap(), Required::of(p));
            for t in texts {
                assert!(!re.is_match(t) || screen.may_match(t), "{p} on {t}");
            }
            // Teddy and the automaton (a CPU without SIMD) screen alike.
            if screen.screens() {
                let automaton = Required::unpacked(p);
                for t in texts {
                    assert_eq!(automaton.may_match(t), screen.may_match(t), "{p} on {t}");
                }
            }
        }
    }
}
