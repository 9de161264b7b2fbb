//! `titles/person-title`: one formal title written several ways in a document
//! (`Vice-Mayor`, `Vice Mayor`, `vice-mayor`); the first form sets the norm.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::{BlockKind, Document};
use crate::rule::{without_params, Check, CompileError, Context, KindTable};

pub(crate) fn create(table: &KindTable<'_>) -> Result<Box<dyn Check>, CompileError> {
    without_params(table, PersonTitle)
}

struct PersonTitle;

/// Formal titles that are written as two or more words, so their forms can vary
/// (`Vice-Mayor`, `Vice Mayor`, `vicemayor`). Extendable with `[style] person-titles`.
const PERSON_TITLES: &[&str] = &[
    "vice mayor",
    "deputy mayor",
    "vice president",
    "vice premier",
    "vice chairman",
    "vice chairwoman",
    "vice chair",
    "vice governor",
    "vice minister",
    "vice chancellor",
    "deputy minister",
    "prime minister",
    "deputy prime minister",
    "secretary general",
    "attorney general",
    "surgeon general",
    "director general",
    "deputy director",
    "general manager",
    "chief executive",
    "chief executive officer",
    "chief operating officer",
    "chief financial officer",
    "party chief",
    "party secretary",
    "editor in chief",
    "commander in chief",
    "lieutenant governor",
    "lieutenant colonel",
    "co founder",
    "under secretary",
    "chief of staff",
    "police chief",
    "fire chief",
    "vice admiral",
    "rear admiral",
    "major general",
    "lieutenant general",
    "state councilor",
    "vice principal",
    "executive director",
    "managing director",
    "deputy governor",
    // Compounds written as one word, two words or hyphenated (`chairman`, `chair-man`).
    "chair man",
    "chair woman",
    "chair person",
    "spokes man",
    "spokes woman",
    "spokes person",
    "congress man",
    "congress woman",
    "council member",
    "council man",
    "council woman",
    "alder man",
    "anchor man",
    "anchor woman",
    "police man",
    "police woman",
    "fire fighter",
    "co chair",
];

/// The matcher for the built-in titles plus `extra` (the config's `[style] person-titles`);
/// an error (a list too large to compile) is reported against the config.
pub fn person_titles_regex(extra: &[String]) -> Result<Regex, regex::Error> {
    title_regex(extra)
}

/// The titles, built-in and `extra`, longest first (so `deputy prime minister` wins over
/// `prime minister`), lower case.
fn all_titles(extra: &[String]) -> Vec<String> {
    let mut all: Vec<String> = PERSON_TITLES
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    all.extend(extra.iter().map(|s| s.to_lowercase()));
    all.sort_by_key(|t| std::cmp::Reverse(t.len()));
    all
}

/// A title's parts (`vice`, `mayor`), as written between spaces or hyphens.
fn parts(title: &str) -> impl Iterator<Item = &str> {
    title.split([' ', '-']).filter(|p| !p.is_empty())
}

/// The titles as one alternation, each part joined to the next by an optional space,
/// hyphen or `‐`, in priority order.
fn alternation(titles: &[String]) -> String {
    let alts: Vec<String> = titles
        .iter()
        .map(|t| {
            parts(t)
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"(?:[ \-]|‐)?")
        })
        .collect();
    format!("(?:{})", alts.join("|"))
}

fn title_regex(extra: &[String]) -> Result<Regex, regex::Error> {
    // ASCII titles are matched against the text lower-cased in ASCII ([`title_ranges`]): a
    // case-sensitive pattern, which the regex crate can screen by its literals (a
    // case-insensitive one it scans byte by byte), compiled in a fraction of the time. A
    // title with another letter folds case by Unicode.
    let fold = if lowered(extra) { "(?-u)" } else { "(?i)" };
    let alts = alternation(&all_titles(extra));
    Regex::new(&format!(r"{fold}(?-u:\b){alts}(?-u:\b)"))
}

/// Where the built-in titles can start, found among a block's words instead of by a regex
/// over every byte (the regex's literal screen stopped at every `co`, `state` and `chief`):
/// a title starts a word, or follows a hyphen or an apostrophe inside one (`ex-vice
/// president`), and its first four bytes, lower-cased, are one of few. Each such place is
/// tried with the titles anchored there, so the matches are the regex's: leftmost first,
/// the same title preferred at each place. (The regex also tried right after a letter
/// outside ASCII — `Zürichvice president` — where no title starts.)
struct Starts {
    /// The first four bytes of every way of writing a title's start, each byte `| 0x20`
    /// (ASCII capitals folded), sorted.
    keys: Vec<u32>,
    /// One bit per key's [`Starts::slot`]: most words are rejected by one load.
    bits: [u64; 64],
    /// Per key, the titles that may start with it, in the alternation's order of
    /// preference.
    titles_of: Vec<Vec<usize>>,
    /// Each title's parts (`vice`, `mayor`), in that order: matched at a place as
    /// `^(?i-u)` + [`alternation`] + `(?-u:\b)` matches there, by hand (compiling that
    /// regex was a fifth of a small file's run).
    titles: Vec<Vec<Vec<u8>>>,
}

impl Starts {
    fn new(titles: &[String]) -> Starts {
        let mut keys = Vec::new();
        for (i, t) in titles.iter().enumerate() {
            let p: Vec<&str> = parts(t).collect();
            let seps: &[&str] = if p.len() > 1 {
                &["", " ", "-", "‐"]
            } else {
                &[""]
            };
            for sep in seps {
                let start = format!("{}{sep}{}", p[0], p.get(1).copied().unwrap_or(""));
                if let Some(k) = start.as_bytes().first_chunk::<4>() {
                    keys.push((u32::from_le_bytes(*k) | 0x2020_2020, i));
                }
            }
        }
        keys.sort_unstable();
        keys.dedup();
        let mut titles_of: Vec<Vec<usize>> = Vec::new();
        let mut last = None;
        for &(k, i) in &keys {
            if last != Some(k) {
                titles_of.push(Vec::new());
                last = Some(k);
            }
            titles_of.last_mut().expect("pushed").push(i);
        }
        let mut keys: Vec<u32> = keys.into_iter().map(|(k, _)| k).collect();
        keys.dedup();
        let mut bits = [0u64; 64];
        for &k in &keys {
            let s = Starts::slot(k);
            bits[s / 64] |= 1 << (s % 64);
        }
        let titles = titles
            .iter()
            .map(|t| parts(t).map(|p| p.as_bytes().to_vec()).collect())
            .collect();
        Starts {
            keys,
            bits,
            titles_of,
            titles,
        }
    }

    /// The length of the title at the start of `b`, whose key is the `key`-th, as the
    /// anchored alternation finds it: the first title in order that matches, ASCII capitals folded, each part joined to
    /// the next by a space, a hyphen, `‐` or nothing (a joining mark preferred, as the
    /// regex's greedy `?` is), and ending at an ASCII word boundary.
    fn anchored(&self, b: &[u8], key: usize) -> Option<usize> {
        fn from(b: &[u8], parts: &[Vec<u8>]) -> Option<usize> {
            let (first, rest) = parts.split_first()?;
            let at = first.len();
            if !b.get(..at).is_some_and(|w| w.eq_ignore_ascii_case(first)) {
                return None;
            }
            if rest.is_empty() {
                let word = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_';
                return (!b.get(at).is_some_and(word)).then_some(at);
            }
            let join = match b.get(at..) {
                Some([b' ' | b'-', ..]) => 1,
                Some([0xE2, 0x80, 0x90, ..]) => 3,
                _ => 0,
            };
            if join > 0 {
                if let Some(n) = from(&b[at + join..], rest) {
                    return Some(at + join + n);
                }
            }
            from(&b[at..], rest).map(|n| at + n)
        }
        self.titles_of[key]
            .iter()
            .find_map(|&t| from(b, &self.titles[t]))
    }

    /// A key's bit in [`Starts::bits`].
    fn slot(key: u32) -> usize {
        (key.wrapping_mul(0x9E37_79B1) >> 20) as usize
    }

    /// The ranges of the titles in `text`, whose words are `words`.
    fn ranges(&self, text: &str, words: &[crate::document::Word]) -> Vec<std::ops::Range<usize>> {
        let b = text.as_bytes();
        // After a hyphen, an apostrophe, `’` or `‐` (inside a word or not).
        let mut joins = memchr::memchr3_iter(b'-', b'\'', 0xE2, b)
            .filter_map(|i| match b[i] {
                0xE2 => matches!(b.get(i + 1..i + 3), Some([0x80, 0x90 | 0x99])).then_some(i + 3),
                _ => Some(i + 1),
            })
            .peekable();
        let mut starts = words.iter().map(|w| w.range().start).peekable();
        let mut out = Vec::new();
        let mut next = 0;
        loop {
            // The two ascending lists merged.
            let p = match (starts.peek(), joins.peek()) {
                (Some(&s), Some(&j)) if j < s => joins.next(),
                (Some(_), _) => starts.next(),
                (None, Some(_)) => joins.next(),
                (None, None) => None,
            };
            let Some(p) = p else { break };
            if p < next {
                continue;
            }
            let Some(k) = b.get(p..).and_then(|r| r.first_chunk::<4>()) else {
                continue;
            };
            let k = u32::from_le_bytes(*k) | 0x2020_2020;
            let s = Starts::slot(k);
            if self.bits[s / 64] & (1 << (s % 64)) == 0 {
                continue;
            }
            let Ok(key) = self.keys.binary_search(&k) else {
                continue;
            };
            // A word boundary in ASCII before it, as the regex's `(?-u:\b)`.
            if p > 0 && (b[p - 1].is_ascii_alphanumeric() || b[p - 1] == b'_') {
                continue;
            }
            if let Some(n) = self.anchored(&b[p..], key) {
                out.push(p..p + n);
                next = p + n;
            }
        }
        out
    }
}

static DEFAULT_STARTS: LazyLock<Starts> = LazyLock::new(|| Starts::new(&all_titles(&[])));

/// Whether the matcher of the built-in titles plus `extra` is made for text lower-cased in
/// ASCII (all titles ASCII) rather than folding case itself.
fn lowered(extra: &[String]) -> bool {
    extra.iter().all(|t| t.is_ascii())
}

/// The ranges of the titles `re` finds in `text`: in `text` lower-cased in ASCII (kept in
/// `buf`, one allocation for a document) when `lowered`, which keeps every byte offset.
fn title_ranges(
    re: &Regex,
    lowered: bool,
    text: &str,
    buf: &mut String,
) -> Vec<std::ops::Range<usize>> {
    let hay = if lowered {
        buf.clear();
        buf.push_str(text);
        buf.make_ascii_lowercase();
        buf.as_str()
    } else {
        text
    };
    re.find_iter(hay).map(|m| m.range()).collect()
}

static DEFAULT_TITLES: LazyLock<Regex> =
    LazyLock::new(|| title_regex(&[]).expect("the built-in titles compile"));

/// The parts of a written title, between its separators: `Vice-Mayor` → [`Vice`, `Mayor`].
fn written_parts(form: &str) -> impl Iterator<Item = &str> {
    form.split([' ', '-', '‐']).filter(|p| !p.is_empty())
}

/// The separators between the parts of a written title: `Vice-Mayor` → ["-"].
fn separators(form: &str) -> Vec<String> {
    let mut seps = Vec::new();
    let mut cur = String::new();
    let mut in_sep = false;
    for c in form.chars() {
        if matches!(c, ' ' | '-' | '‐') {
            cur.push(c);
            in_sep = true;
        } else if in_sep {
            seps.push(std::mem::take(&mut cur));
            in_sep = false;
        }
    }
    seps
}

/// Whether a name follows the title at `range` of `text`: one space, then a word opening
/// with a capital, with lower case in it (`Zhang`, `McDonald`, `O’Brien`; not an initial),
/// that is not a day or a month (`the prime minister Tuesday said`: news style, no name).
fn names_follow(text: &str, range: std::ops::Range<usize>) -> bool {
    const WHEN: &[&str] = &[
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let Some(after) = text[range.end..].strip_prefix(' ') else {
        return false;
    };
    let word = after
        .split(|c: char| !c.is_alphabetic() && c != '\'' && c != '’')
        .next()
        .unwrap_or("");
    word.starts_with(char::is_uppercase)
        && word.chars().any(char::is_lowercase)
        && !WHEN.contains(&word)
}

/// Whether each part of the title at `range` of `text` opens with a capital — unknown for
/// the first part of a title that opens a sentence (the sentence gives it its capital), and
/// `None` where nothing is known of the writer's choice: a title in capitals (`VICE-MAYOR`),
/// or a one-word title opening a sentence.
fn capitals(text: &str, range: std::ops::Range<usize>) -> Option<Vec<Option<bool>>> {
    let form = &text[range.clone()];
    if !form.chars().any(char::is_lowercase) {
        return None;
    }
    let before = text[..range.start].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '*' | '_')
    });
    let opens = before.is_empty() || before.ends_with(['.', '!', '?', ':', '…']);
    let parts: Vec<Option<bool>> = written_parts(form)
        .enumerate()
        .map(|(i, p)| (i > 0 || !opens).then(|| p.starts_with(char::is_uppercase)))
        .collect();
    parts.iter().any(Option::is_some).then_some(parts)
}

/// Whether two titles' capitals ([`capitals`]) differ in a part known in both.
fn capitals_differ(a: &[Option<bool>], b: &[Option<bool>]) -> bool {
    a.iter()
        .zip(b)
        .any(|(x, y)| matches!((x, y), (Some(x), Some(y)) if x != y))
}

/// A title before a name whose capitals differ from the first such one's (`vice-mayor Li`
/// after `Vice-Mayor Zhang`): the fix gives each part the capital the first one has.
/// Unsafe, as the rule's other fix: which form is right is a house decision.
fn report_capitals(
    doc: &Document,
    cx: &mut Context<'_>,
    b: &crate::document::Block,
    range: std::ops::Range<usize>,
    earlier: &str,
    want: &[Option<bool>],
) {
    let form = &b.text()[range.clone()];
    // Each part with the first one's capital, between this occurrence's own separators. A
    // part the first one leaves unknown (it opened a sentence) is a capital when a later
    // part is (`Vice-Mayor`: no title is written `vice-Mayor`).
    let upper = |i: usize| {
        want.get(i).copied().flatten().or_else(|| {
            want.get(i + 1..)
                .is_some_and(|w| w.contains(&Some(true)))
                .then_some(true)
        })
    };
    let seps = separators(form);
    let mut rep = String::with_capacity(form.len());
    for (i, part) in written_parts(form).enumerate() {
        if let Some(sep) = i.checked_sub(1).and_then(|j| seps.get(j)) {
            rep.push_str(sep);
        }
        let mut chars = part.chars();
        if let Some(c) = chars.next() {
            match upper(i) {
                Some(true) => rep.extend(c.to_uppercase()),
                Some(false) => rep.extend(c.to_lowercase()),
                None => rep.push(c),
            }
        }
        rep.push_str(chars.as_str());
    }
    let span = b.prose.map_range(range.clone());
    let exact = b.prose.exact_range(range);
    let d = cx.report(span, &[("match", form), ("norm", earlier)]);
    d.notes.push(format!(
        "before a name, first written `{earlier}` in this document"
    ));
    if let Some(r) = exact.filter(|_| rep != form) {
        let title = format!("write `{rep}`");
        d.fix = Edit::checked(&doc.text, r, rep).map(|e| Fix::one(title, Applicability::Unsafe, e));
    }
}

impl Check for PersonTitle {
    fn fixes(&self) -> bool {
        true
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        // The config compiles the house list once; a style built without it (a test, an
        // example) compiles it here, and a list that does not compile falls back to the
        // built-in titles (the config has already reported it).
        // The built-in titles' regex is compiled only if used: the built-in titles alone
        // are found from a block's words (`DEFAULT_STARTS`), and most runs have no house
        // words to look up.
        let custom = match (&cx.style.person_titles_matcher, &cx.style.person_titles) {
            (None, extra) if !extra.is_empty() => title_regex(extra).ok(),
            _ => None,
        };
        let re = || -> &Regex {
            match (&cx.style.person_titles_matcher, &custom) {
                (Some(m), _) => &m.0,
                (None, Some(r)) => r,
                (None, None) => &DEFAULT_TITLES,
            }
        };
        let key = |form: &str| -> String {
            form.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase()
        };
        // key (letters only) → the house spelling (`[style] words`), else the first form
        // as written.
        let lowered = lowered(&cx.style.person_titles);
        let mut buf = String::new();
        let mut norm: HashMap<String, String> = HashMap::new();
        for w in &cx.style.words {
            if title_ranges(re(), lowered, w, &mut buf).first() == Some(&(0..w.len())) {
                norm.insert(key(w), w.clone());
            }
        }
        let house = norm.len();
        // The built-in titles alone (no house list): found from the block's words.
        let starts = cx.style.person_titles.is_empty().then(|| &*DEFAULT_STARTS);
        // Key → the first form written before a name in running text, and its capitals.
        let mut before_name: HashMap<String, (String, Vec<Option<bool>>)> = HashMap::new();
        for b in cx.blocks(doc) {
            let text = b.text();
            // Headings and titles set their capitals by their own style.
            let running = b.field.is_none()
                && !matches!(
                    b.kind,
                    BlockKind::Title | BlockKind::Deck | BlockKind::Heading(_)
                );
            let found = match starts {
                Some(s) => s.ranges(text, &b.words),
                None => title_ranges(re(), lowered, text, &mut buf),
            };
            for range in found {
                let form = &text[range.clone()];
                let key = key(form);
                let capitals = (running && names_follow(text, range.clone()))
                    .then(|| capitals(text, range.clone()))
                    .flatten();
                let Some(first) = norm.get(&key) else {
                    if let Some(c) = capitals {
                        before_name.insert(key.clone(), (form.to_string(), c));
                    }
                    norm.insert(key, form.to_string());
                    continue;
                };
                // Capitals alone are not a variant (`Vice-Mayor Zhang`, `Zhang, the
                // vice-mayor`), except before a name (`Vice-Mayor Zhang` … `vice-mayor Li`).
                let same = |a: &str, b: &str| {
                    a.to_lowercase().replace('‐', "-") == b.to_lowercase().replace('‐', "-")
                };
                if same(first, form) {
                    match (capitals, before_name.get(&key)) {
                        (Some(c), Some((earlier, want))) if capitals_differ(&c, want) => {
                            let earlier = earlier.clone();
                            report_capitals(doc, cx, b, range, &earlier, want);
                        }
                        (Some(c), None) => {
                            before_name.insert(key, (form.to_string(), c));
                        }
                        _ => {}
                    }
                    continue;
                }
                let first = first.clone();
                let span = b.prose.map_range(range.clone());
                // Rewrite with the norm's separators, keeping this occurrence's capitals.
                let parts: Vec<&str> = written_parts(form).collect();
                let seps = separators(&first.to_lowercase());
                let fix = (parts.len() == seps.len() + 1).then(|| {
                    let mut out = parts[0].to_string();
                    for (p, s) in parts[1..].iter().zip(&seps) {
                        out.push_str(s);
                        out.push_str(p);
                    }
                    out
                });
                let exact = b.prose.exact_range(range);
                let from_house = house > 0 && cx.style.words.contains(&first);
                let d = cx.report(span, &[("match", form), ("norm", &first)]);
                d.notes.push(if from_house {
                    format!("the house spells it `{first}` ([style] words)")
                } else {
                    format!("first written `{first}` in this document")
                });
                if let (Some(rep), Some(r)) = (fix, exact) {
                    let title = format!("write `{rep}`");
                    d.fix = Edit::checked(&doc.text, r, rep)
                        .map(|e| Fix::one(title, Applicability::Unsafe, e));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in titles found from a block's words are the regex's, place for place:
    /// capitals, every separator, titles inside hyphenated and possessive words, longer
    /// titles preferred, no title inside a word or after `_`.
    #[test]
    fn starts_find_what_the_regex_finds() {
        let re = title_regex(&[]).unwrap();
        let starts = Starts::new(&all_titles(&[]));
        let mut buf = String::new();
        for text in [
            "Vice-Mayor Zhang met the vice mayor and the VICE‐MAYOR's aide.",
            "The ex-vice president, a co-founder and Co‐Chair, and the cofounder.",
            "Chief executive officers and the chief executive; deputy prime minister.",
            "x_vice president, vicepresident, avice president, Vice President’s office.",
            "The chairman, chair-woman and chair person; the spokes-person said.",
            "Editor-in-chief and editor in chief; commander-in-chief's orders.",
            "state councilor State-Councilor; 'prime minister' and “Prime Minister”.",
            "co chair co-chair co‐chair cochair co - chair co  chair",
            "police chief, fire-fighter, firefighter, fire fighters, council member",
            "Le vice-président; Zürich's vice mayor; 副市长 vice mayor.",
            "-vice mayor 'vice mayor ‐vice mayor ’vice mayor",
            "",
            "vice",
        ] {
            assert_starts_match(&starts, &re, text, &mut buf);
        }
    }

    /// In every block of `text`, the titles `starts` finds are those `re` finds.
    fn assert_starts_match(starts: &Starts, re: &Regex, text: &str, buf: &mut String) {
        let doc = Document::parse("t.md", text.to_string(), crate::document::Format::Markdown);
        for b in &doc.blocks {
            assert_eq!(
                starts.ranges(b.text(), &b.words),
                title_ranges(re, true, b.text(), buf),
                "{text:?}"
            );
        }
    }

    /// The same, on texts made of titles' pieces, joining marks and word characters in
    /// every order (a fixed pseudo-random sequence): the hand-made anchored match is the
    /// regex's at every place. (Right after a letter outside ASCII the two differ by design:
    /// see [`Starts`].)
    #[test]
    fn starts_match_the_regex_on_mixed_pieces() {
        const PIECES: &[&str] = &[
            "vice",
            "Vice",
            "MAYOR",
            "mayor",
            "president",
            "chair",
            "Chair",
            "man",
            "person",
            "co",
            "CO",
            "prime",
            "minister",
            "deputy",
            "chief",
            "executive",
            "officer",
            "editor",
            "in",
            "police",
            "fire",
            "fighter",
            "state",
            "councilor",
            " ",
            " ",
            "-",
            "‐",
            "'",
            "’",
            "_",
            "x",
            "s",
            "1",
            ".",
            "  ",
        ];
        let re = title_regex(&[]).unwrap();
        let starts = Starts::new(&all_titles(&[]));
        let mut buf = String::new();
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..3000 {
            let len = 1 + next(12);
            let text: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
            assert_starts_match(&starts, &re, &text, &mut buf);
        }
    }

    /// A title's capitals are known where the writer chose them: not in capitals, not as
    /// the first word of a sentence (or of a quotation opening one); a name follows it
    /// unless the next word is a day or a month, or not a capitalized word.
    #[test]
    fn capitals_before_a_name() {
        let at = |text: &str, title: &str| {
            let start = text.find(title).unwrap();
            start..start + title.len()
        };
        let t =
            "Later, vice-mayor Li said. Vice-Mayor Wu agreed. \"Vice-mayor Li\" and VICE-MAYOR LI.";
        assert_eq!(
            capitals(t, at(t, "vice-mayor")),
            Some(vec![Some(false), Some(false)])
        );
        assert_eq!(
            capitals(t, at(t, "Vice-Mayor")),
            Some(vec![None, Some(true)])
        );
        assert_eq!(
            capitals(t, at(t, "Vice-mayor")),
            Some(vec![None, Some(false)])
        );
        assert_eq!(capitals(t, at(t, "VICE-MAYOR")), None);
        assert_eq!(capitals("Chairman Powell", 0..8), None);
        assert!(capitals_differ(
            &[Some(false), Some(false)],
            &[None, Some(true)]
        ));
        assert!(!capitals_differ(
            &[Some(true), Some(true)],
            &[None, Some(true)]
        ));
        for (text, name) in [
            ("the vice mayor Zhang", true),
            ("the vice mayor O’Brien", true),
            ("the vice mayor Tuesday said", false),
            ("the vice mayor March 3", false),
            ("the vice mayor said", false),
            ("the vice mayor J. Smith", false),
            ("the vice mayor", false),
        ] {
            assert_eq!(names_follow(text, at(text, "vice mayor")), name, "{text}");
        }
    }

    #[test]
    fn title_forms_match_with_any_separator() {
        let re = title_regex(&[]).unwrap();
        let mut buf = String::new();
        let mut find = |t: &'static str| -> Vec<&'static str> {
            title_ranges(&re, true, t, &mut buf)
                .into_iter()
                .map(|r| &t[r])
                .collect()
        };
        let t = "Vice-Mayor Zhang, Vice Mayor Li, the vicemayor, Deputy Prime Minister Wu";
        let found = find(t);
        assert_eq!(
            found,
            [
                "Vice-Mayor",
                "Vice Mayor",
                "vicemayor",
                "Deputy Prime Minister"
            ]
        );
        assert_eq!(separators("vice-mayor"), ["-"]);
        let found = find("the chairman, the chair-man and the Chair Man");
        assert_eq!(found, ["chairman", "chair-man", "Chair Man"]);
        // A title that is not ASCII folds case by Unicode, in the text as written.
        let extra = ["générale adjointe".to_string()];
        assert!(!lowered(&extra));
        let re = title_regex(&extra).unwrap();
        let t = "la Générale Adjointe et la VICE-MAYOR";
        let found: Vec<&str> = title_ranges(&re, false, t, &mut String::new())
            .into_iter()
            .map(|r| &t[r])
            .collect();
        assert_eq!(found, ["Générale Adjointe", "VICE-MAYOR"]);
    }
}
