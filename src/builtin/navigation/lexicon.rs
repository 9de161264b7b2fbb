//! The navigation lexicon: the language of page furniture, by category and by language.
//!
//! Each category (sharing, subscribing, navigating, …) holds two anchored patterns per
//! language, matched against a line normalized by [`normalize`] (lower case, list markers
//! and trailing separators trimmed):
//! - `whole`: the line *is* the furniture (`Share | Tweet | Email`, `Advertisement`,
//!   `View all (12)`);
//! - `start`: the line *opens* as furniture (`Read more: …`, `Sign up for our newsletter …`,
//!   `© 2024 …`); the same patterns also tried where a later sentence of the line opens
//!   ([`Lexicon::later_cues`]: a call to action after a sentence of the article's voice).
//!
//! A word such as "share" or "comment" inside a sentence matches neither. The patterns are
//! not decisions: each (category, anchor) pair is one feature of the scoring model, whose
//! weight `scripts/nav_fit.py` fits on labelled pages. Entries are kinds of furniture
//! language, never one site's phrases.

use std::sync::{LazyLock, OnceLock};

use regex::Regex;

use super::screen::Screen;
use super::vocabulary::{self, Entry};
use crate::document::language::pack;

/// The categories of furniture language, in feature order.
pub(super) const CATEGORIES: [&str; 11] = [
    "share",
    "subscribe",
    "navigate",
    "related",
    "legal",
    "advert",
    "comments",
    "credit",
    "byline",
    "dateline",
    "media",
];

/// The cue bits of a category, `whole` and `start` ([`Lexicon::cues`]).
pub(super) fn category_bits(name: &str) -> u32 {
    let c = CATEGORIES
        .iter()
        .position(|c| *c == name)
        .expect("a known category");
    (1 << c) | (1 << (16 + c))
}

/// A language whose furniture vocabulary is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Language {
    English,
    German,
}

/// Function words counted to tell the languages apart, each packed into a `u64` ([`pack`])
/// so that a word is looked up with a few integer compares, not string compares.
const ENGLISH_MARKERS: [u64; 16] = packed([
    "and", "are", "for", "from", "has", "have", "is", "of", "that", "the", "this", "to", "was",
    "were", "which", "with",
]);
const GERMAN_MARKERS: [u64; 18] = packed([
    "auch", "auf", "das", "dass", "dem", "den", "der", "die", "ein", "eine", "ist", "mit", "nicht",
    "sich", "und", "von", "wird", "zu",
]);

/// The longest marker, in bytes.
const MARKER_MAX_LEN: usize = 5;

const fn packed<const K: usize>(words: [&str; K]) -> [u64; K] {
    let mut out = [0u64; K];
    let mut i = 0;
    while i < K {
        assert!(words[i].len() <= MARKER_MAX_LEN);
        out[i] = pack(words[i].as_bytes());
        i += 1;
    }
    out
}

/// Words examined to detect the language: enough to be sure, few enough to be cheap.
const DETECT_MAX_WORDS: usize = 600;

impl Language {
    /// The language of a text by its commonest function words; English unless German words
    /// clearly outnumber English ones.
    pub(super) fn detect<'a>(words: impl Iterator<Item = &'a str>) -> Language {
        let (mut en, mut de) = (0usize, 0usize);
        for w in words.take(DETECT_MAX_WORDS) {
            // Non-ASCII bytes never equal a marker's, so no separate check is needed.
            if w.len() > MARKER_MAX_LEN {
                continue;
            }
            let key = pack(w.as_bytes());
            en += usize::from(ENGLISH_MARKERS.contains(&key));
            de += usize::from(GERMAN_MARKERS.contains(&key));
        }
        if de > en * 2 && de >= 3 {
            Language::German
        } else {
            Language::English
        }
    }

    /// The language named in `[style] language` (`en`, `de`, `english`, `german`, `auto`).
    pub(super) fn named(name: &str) -> Option<Option<Language>> {
        match name.to_ascii_lowercase().as_str() {
            "auto" => Some(None),
            "en" | "english" => Some(Some(Language::English)),
            "de" | "german" | "deutsch" => Some(Some(Language::German)),
            _ => None,
        }
    }
}

/// One pattern, compiled the first time a line passes its screen: most runs (Markdown,
/// small files) never compile most of them, so start-up stays short.
struct Lazy {
    source: String,
    regex: OnceLock<Regex>,
}

impl Lazy {
    fn is_match(&self, text: &str) -> bool {
        self.regex
            .get_or_init(|| Regex::new(&self.source).expect("valid lexicon pattern"))
            .is_match(text)
    }
}

/// The patterns of one language: `whole` and `start` per category, each behind a literal
/// [`Screen`].
pub(super) struct Lexicon {
    /// One small anchored regex per category and anchor: each fails within a few bytes on
    /// an ordinary line (measured faster than one `RegexSet`).
    whole: Vec<Lazy>,
    start: Vec<Lazy>,
    /// The screens, each built on first use (a Markdown file needs only `whole`'s).
    whole_screen: LazyScreen,
    start_screen: LazyScreen,
}

/// A [`Screen`] built the first time it is asked for, from the literals `build.rs`
/// extracted from its patterns.
struct LazyScreen {
    literals: &'static [u8],
    screen: OnceLock<Screen>,
}

impl LazyScreen {
    fn new(literals: &'static [u8]) -> LazyScreen {
        LazyScreen {
            literals,
            screen: OnceLock::new(),
        }
    }

    fn candidates(&self, line: &str) -> u32 {
        self.screen
            .get_or_init(|| Screen::new(self.literals))
            .candidates(line)
    }
}

/// The screens' literals of a language, `whole` then `start`, as `build.rs` wrote them.
macro_rules! screens {
    ($lang:literal) => {
        [
            include_bytes!(concat!(env!("OUT_DIR"), "/screen-", $lang, "-whole.bin")).as_slice(),
            include_bytes!(concat!(env!("OUT_DIR"), "/screen-", $lang, "-start.bin")).as_slice(),
        ]
    };
}

fn compile(entries: &[Entry; vocabulary::CATEGORIES], screens: [&'static [u8]; 2]) -> Lexicon {
    let lazy = |whole: bool| -> Vec<Lazy> {
        let tail = if whole { "$" } else { r"(?:(?-u:\b)|\W|$)" };
        vocabulary::patterns(entries, whole)
            .iter()
            .map(|p| Lazy {
                source: format!("^(?:{p}){tail}"),
                regex: OnceLock::new(),
            })
            .collect()
    };
    Lexicon {
        whole: lazy(true),
        start: lazy(false),
        whole_screen: LazyScreen::new(screens[0]),
        start_screen: LazyScreen::new(screens[1]),
    }
}

static ENGLISH: LazyLock<Lexicon> =
    LazyLock::new(|| compile(&vocabulary::english(), screens!("en")));
static GERMAN: LazyLock<Lexicon> = LazyLock::new(|| compile(&vocabulary::german(), screens!("de")));

impl Lexicon {
    pub(super) fn of(language: Language) -> &'static Lexicon {
        match language {
            Language::English => &ENGLISH,
            Language::German => &GERMAN,
        }
    }

    /// The categories whose `whole` pattern matches (bits `0..16`).
    fn whole_bits(&self, norm: &str, words: usize) -> u32 {
        if words > WHOLE_MAX_WORDS {
            return 0;
        }
        let mut bits = 0u32;
        let mut candidates = self.whole_screen.candidates(norm);
        while candidates != 0 {
            let c = candidates.trailing_zeros() as usize;
            candidates &= candidates - 1;
            if self.whole[c].is_match(norm) {
                bits |= 1 << c;
            }
        }
        bits
    }

    /// Whether a normalized line of `words` words is furniture language from end to end in
    /// some category (a `whole` cue: bits `0..16` of [`Lexicon::cues`]).
    pub(super) fn any_whole(&self, norm: &str, words: usize) -> bool {
        self.whole_bits(norm, words) != 0
    }

    /// The categories a normalized line matches: bit `c` for `whole`, bit `16 + c` for
    /// `start` (category `c` in [`CATEGORIES`] order).
    pub(super) fn cues(&self, norm: &str, words: usize) -> u32 {
        // A whole-line pattern spans at most a few words; a line-start one only its opening.
        self.whole_bits(norm, words) | self.start_bits(norm)
    }

    /// The categories whose `start` pattern opens `text` (bits `16..32`), tried on its
    /// opening [`START_MAX_BYTES`].
    fn start_bits(&self, text: &str) -> u32 {
        let mut end = text.len().min(START_MAX_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let opening = &text[..end];
        let mut bits = 0u32;
        let mut candidates = self.start_screen.candidates(opening);
        while candidates != 0 {
            let c = candidates.trailing_zeros() as usize;
            candidates &= candidates - 1;
            if self.start[c].is_match(opening) {
                bits |= 1 << (16 + c);
            }
        }
        bits
    }

    /// The categories whose `start` pattern opens a later sentence of a normalized line
    /// (bit `16 + c`, as in [`Lexicon::cues`]): a call to action or a notice written as
    /// the second sentence of a short paragraph (`There's plenty more where that came from.
    /// Sign up for …`, `Have a tip? … Follow her on Twitter …`). A sentence opens after
    /// `.`, `!` or `?` and a space. Bylines and datelines are not among them: they open a
    /// line, and inside a paragraph their patterns meet the article's own words (`… came to
    /// Beijing?? By train, airplane, or …`).
    pub(super) fn later_cues(&self, norm: &str) -> u32 {
        let stamps = (category_bits("byline") | category_bits("dateline")) & !0xffff;
        let mut bits = 0u32;
        let bytes = norm.as_bytes();
        for i in 1..bytes.len().saturating_sub(1) {
            if bytes[i] != b' ' || !matches!(bytes[i - 1], b'.' | b'!' | b'?') {
                continue;
            }
            // Not after an initial or an abbreviation's stop (`J. Smith`, `U.S. `, `a.m. `):
            // the word before the stop is longer than one letter, and not all short parts
            // between stops (an address, `jane@example.com.`, ends a sentence).
            // A stop right after a space ends what was masked out of the line (`reached at
            // jane@example.com. Follow her …` reads `reached at . follow her …`): an address
            // or code, not an initial.
            let word = norm[..i - 1].rsplit(' ').next().unwrap_or("");
            let abbreviation =
                word.contains('.') && word.split('.').all(|part| part.chars().count() <= 2);
            if word.chars().count() == 1 || abbreviation {
                continue;
            }
            bits |= self.start_bits(&norm[i + 1..]) & !stamps;
        }
        bits
    }

    /// Whether a normalized line ends with a photo credit in brackets: a caption (`… in
    /// Madrid on Tuesday, Nov. 19, 2019. (AP Photo/Manu Fernandez)`, `… in size (Image:
    /// Getty)`), not the article's text. The bracket's text opens as a credit does (`image
    /// credit:`, `photo by`, `AP Photo/`), or names a photographer and an agency
    /// (`Manu Fernandez/AP`). Only credits: a bracket at the end of a sentence is mostly the
    /// article's own (`the Environmental Protection Agency (EPA)`).
    pub(super) fn credit_at_end(&self, norm: &str) -> bool {
        let Some(open) = norm.rfind('(') else {
            return false;
        };
        let inner = norm[open + 1..].trim();
        if open == 0 || inner.is_empty() || inner.len() > CREDIT_MAX_BYTES || inner.contains(')') {
            return false;
        }
        let credit = category_bits("credit");
        self.start_bits(inner) & credit != 0
            || inner.contains('/') && self.whole_bits(inner, inner.split(' ').count()) & credit != 0
    }
}

/// Longest credit in brackets at the end of a line ([`Lexicon::credit_at_end`]), in bytes.
const CREDIT_MAX_BYTES: usize = 80;

/// Longest line (in words) tried against the whole-line patterns.
pub(super) const WHOLE_MAX_WORDS: usize = 16;
/// Bytes of a line's opening tried against the line-start patterns: every opening phrase
/// fits (`this material may not be published` is among the longest).
const START_MAX_BYTES: usize = 120;

/// Longest normalized line tried against the lexicon, in bytes: furniture is short, and a
/// `start` pattern needs only the opening.
pub(super) const NORMALIZED_MAX_BYTES: usize = 400;

/// A line as the lexicon sees it: lower case, list markers, brackets and quotes trimmed
/// from the start, separators and ellipses from the end, runs of spaces collapsed.
pub(super) fn normalize(text: &str) -> String {
    let t = text
        .trim()
        .trim_start_matches([
            '-', '*', '•', '·', '–', '—', '>', '|', '[', '(', '#', '.', '…', ' ', '\t',
        ])
        .trim_end_matches([
            ']', ')', ':', '|', '»', '›', '>', '…', '.', ' ', '\t', '-', '–', '—', '•', '·',
        ]);
    let mut out = String::with_capacity(t.len().min(NORMALIZED_MAX_BYTES));
    let mut space = false;
    for c in t.chars() {
        if out.len() >= NORMALIZED_MAX_BYTES {
            break;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Sorted: looked up with a binary search. Words too common to tell a headline from the
/// article it sits in (English and German).
pub(super) const STOPWORDS: &[&str] = &[
    "aber", "about", "after", "again", "also", "auch", "back", "been", "before", "beim", "being",
    "could", "dass", "dein", "does", "doing", "down", "each", "eine", "einem", "einen", "einer",
    "even", "first", "from", "gibt", "have", "having", "here", "hier", "into", "jetzt", "just",
    "kann", "last", "like", "made", "make", "mehr", "more", "most", "much", "must", "nach",
    "nicht", "noch", "oder", "only", "other", "over", "said", "same", "says", "schon", "sein",
    "should", "sich", "sind", "some", "still", "such", "than", "that", "their", "them", "then",
    "there", "these", "they", "this", "those", "through", "time", "under", "unter", "until",
    "very", "were", "what", "when", "where", "which", "while", "will", "wird", "with", "would",
    "wurde", "year", "years", "your", "über",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// A screen never keeps a pattern from a line it matches: every line of the rule's
    /// examples, the seed and the bundled examples, against every pattern of both languages.
    #[test]
    fn a_screen_passes_every_line_its_pattern_matches() {
        let text = [
            include_str!("../../../rules/structure/navigation-fragment.toml"),
            include_str!("../../../tests/fixtures/seed/000_68366a63da31424d.txt"),
            include_str!("../../../examples/scraped-story.txt"),
        ]
        .join("\n");
        let mut matched = 0;
        for language in [Language::English, Language::German] {
            let lexicon = Lexicon::of(language);
            let compiled = |patterns: &[Lazy]| -> Vec<Regex> {
                patterns
                    .iter()
                    .map(|p| Regex::new(&p.source).expect("valid"))
                    .collect()
            };
            let (whole, start) = (compiled(&lexicon.whole), compiled(&lexicon.start));
            for line in text.lines() {
                let norm = normalize(line);
                let opening = &norm[..norm.floor_char_boundary(START_MAX_BYTES)];
                let sides = [
                    (&whole, &lexicon.whole_screen, norm.as_str()),
                    (&start, &lexicon.start_screen, opening),
                ];
                for (patterns, screen, text) in sides {
                    let passed = screen.candidates(text);
                    for (c, p) in patterns.iter().enumerate() {
                        if p.is_match(text) {
                            matched += 1;
                            assert!(passed & (1 << c) != 0, "{text:?} screened out of {c}");
                        }
                    }
                }
            }
        }
        assert!(
            matched > 50,
            "only {matched} matches: too few lines to test screens"
        );
    }

    /// The screens `build.rs` embedded are those of the vocabulary as it is now.
    #[test]
    fn the_embedded_screens_are_the_vocabularys() {
        use super::super::literals;
        let languages = [
            (vocabulary::english(), screens!("en")),
            (vocabulary::german(), screens!("de")),
        ];
        for (entries, screens) in languages {
            for (embedded, whole) in screens.into_iter().zip([true, false]) {
                let patterns = vocabulary::patterns(&entries, whole);
                let fresh = literals::encode(&literals::extract(&patterns, whole));
                assert!(fresh == embedded, "a stale screen (whole: {whole})");
            }
        }
    }

    /// A later sentence that opens as furniture is found; one inside a sentence, after an
    /// initial or an abbreviation, or at the line's own start is not a later cue.
    #[test]
    fn later_sentences_that_open_as_furniture() {
        let later = |line: &str| {
            let bits = Lexicon::of(Language::English).later_cues(&normalize(line));
            CATEGORIES
                .iter()
                .enumerate()
                .filter(|(c, _)| bits & (1 << (16 + c)) != 0)
                .map(|(_, name)| *name)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            later("There's plenty more where that came from. Sign up for The Water Coolest today."),
            ["subscribe"]
        );
        assert_eq!(
            later("Have a tip? Email her at jane@example.com. Follow her on Twitter @jane or Facebook."),
            ["share"]
        );
        // The same line as the rule reads it, its address masked out.
        assert_eq!(
            later("Have a tip? Email her at . Follow her on Twitter @jane or Facebook."),
            ["share"]
        );
        assert_eq!(
            later("Eric is our deal curator. If you buy something through this post, we may earn a commission."),
            ["advert"]
        );
        assert_eq!(
            later("Want more deals? Join the Example Deals Newsletter."),
            ["subscribe"]
        );
        assert!(later("Sign up for our newsletter. It is free.").is_empty());
        assert!(later("She asked readers to sign up for the newsletter in March.").is_empty());
        assert!(later("Officials in the U.S. Follow up talks are planned.").is_empty());
        assert!(later("The letter was signed by J. Follow, the mayor.").is_empty());
        assert!(later("How did they come to Beijing?? By train, airplane, or by car?").is_empty());
        assert!(later("The vote was close. Updated figures come on Monday.").is_empty());
    }

    fn cats(lang: Language, line: &str) -> Vec<String> {
        let bits = Lexicon::of(lang).cues(&normalize(line), line.split_whitespace().count());
        let mut out = Vec::new();
        for (c, name) in CATEGORIES.iter().enumerate() {
            if bits & (1 << c) != 0 {
                out.push(format!("{name}:whole"));
            }
            if bits & (1 << (16 + c)) != 0 {
                out.push(format!("{name}:start"));
            }
        }
        out
    }

    #[test]
    fn sorted_word_lists() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]), "{STOPWORDS:?}");
    }

    #[test]
    fn markers_are_matched_case_insensitively_and_only_whole() {
        let en = |w: &str| ENGLISH_MARKERS.contains(&pack(w.as_bytes()));
        assert!(en("the") && en("The") && en("THE") && en("which"));
        assert!(!en("th") && !en("them") && !en("thé") && !en(""));
        let de = |w: &str| GERMAN_MARKERS.contains(&pack(w.as_bytes()));
        assert!(de("und") && de("Nicht") && !de("and"));
    }

    #[test]
    fn whole_lines_and_openings() {
        let en = Language::English;
        assert_eq!(cats(en, "Share | Tweet | Email"), ["share:whole"]);
        assert_eq!(cats(en, "Advertisement"), ["advert:whole", "advert:start"]);
        assert!(cats(en, "Read more: Mayor unveils plan").contains(&"navigate:start".into()));
        assert!(cats(en, "View all (12)").contains(&"navigate:whole".into()));
        assert!(cats(en, "© 2024 The Daily Example").contains(&"legal:start".into()));
        assert!(cats(en, "Jane Doe says:").contains(&"comments:whole".into()));
        assert!(cats(en, "By Jane Smith").contains(&"byline:whole".into()));
        // A byline's name ends at a mark set apart, not at a hyphen inside a word or a
        // comma after the first one (`By default, cross-references …` opens a sentence).
        for line in [
            "By Jane Smith, Staff Writer",
            "By Mary Smith-Jones | CNN",
            "By Jane Smith - Nov 19",
        ] {
            assert!(cats(en, line).contains(&"byline:start".into()), "{line}");
        }
        for line in [
            "By default, cross-references to sections use labels",
            "By default, Django, the framework, logs",
        ] {
            assert!(
                !cats(en, line).iter().any(|c| c.starts_with("byline")),
                "{line}"
            );
        }
        assert!(cats(en, "PUBLISHED: 00:01, Tue, Nov 19, 2019").contains(&"dateline:start".into()));
        // A line-start phrase ends at a word's end, or at a mark: `©2019` opens a footer,
        // `Read moreover` does not open a link.
        assert!(cats(en, "©2019 Example Media").contains(&"legal:start".into()));
        assert!(!cats(en, "Read moreover the report").contains(&"navigate:start".into()));
        // A word of the lexicon inside a sentence is not furniture.
        assert!(cats(en, "Readers share their views on the new library.").is_empty());
        assert!(cats(en, "The comments were moderated by the editors.").is_empty());
        // A comment's header names its date; a quotation's attribution does not.
        assert!(cats(en, "Jane Doe says: November 19, 2019 at 9:08 am")
            .contains(&"comments:start".into()));
        assert!(cats(en, "Another reportedly said: the year of the rooster").is_empty());
        assert!(!cats(en, "The report says: prices will rise").contains(&"comments:start".into()));
        // Calls to share, follow, subscribe or read on, however a site words them; notices.
        for (line, cue) in [
            (
                "If you buy something through this post, Example may get a share of the sale.",
                "advert:start",
            ),
            (
                "Example has affiliate partnerships and may earn commission on products.",
                "advert:start",
            ),
            (
                "Disclaimer: The views expressed by experts are their own.",
                "legal:start",
            ),
            (
                "The contents of this site are ©2019 Example Publishing Corp.",
                "legal:start",
            ),
            ("Like this story? Share it with a friend!", "share:start"),
            (
                "Follow The Daily Example Opinion section on Facebook and Twitter.",
                "share:start",
            ),
            ("X Share via", "share:whole"),
            ("Get top news in your inbox daily", "subscribe:start"),
            (
                "These are external links and will open in a new window",
                "navigate:whole",
            ),
            (
                "GET EXAMPLE NEWS ON THE GO BY CLICKING HERE",
                "navigate:whole",
            ),
            ("To Read the Full Story", "navigate:start"),
            ("Related post: Pickled Sprouts Recipe", "related:start"),
            // A wire story's byline names the agency, with or without a comma.
            ("Tom Davies Associated Press", "byline:whole"),
            ("Jane Doe, Reuters", "byline:whole"),
            ("Detroit News wire services", "byline:whole"),
            ("From wire reports", "byline:whole"),
            (
                "Natalie Naccache | Bloomberg | Getty Images",
                "credit:whole",
            ),
            // A label's colon before the buttons; a row of legal links; a form's notices.
            ("Share on: Facebook Twitter Google+", "share:whole"),
            ("Privacy Policy | Terms of Use | Contact Us", "legal:whole"),
            (
                "This form is protected by reCAPTCHA and the Google Privacy Policy applies.",
                "legal:start",
            ),
            (
                "You have successfully subscribed. Thanks!",
                "subscribe:start",
            ),
            (
                "You're now signed up for Morning Briefing.",
                "subscribe:start",
            ),
            (
                "Stay up to date with the Example Gazette.",
                "subscribe:start",
            ),
            // A newsletter by its name.
            ("The Weekend Reader Newsletter", "subscribe:whole"),
            // A wire story's credit line for a colleague's reporting.
            (
                "Jane Roe contributed reporting from Lisbon.",
                "byline:start",
            ),
            (
                "Associated Press writers Jane Roe and John Doe contributed to this report.",
                "byline:start",
            ),
        ] {
            let found = cats(en, line);
            assert!(found.contains(&cue.into()), "{line}: {found:?}");
        }
        for sentence in [
            "She decided to share it with her sister before the vote.",
            "Fans follow the team from city to city on long bus rides.",
            "The mayor liked this plan? Not at first.",
            "If you buy a house this year, you may get a share of the savings.",
            "The contents of this report are copyright free.",
            "Residents can join the meeting by clicking here and there.",
            "The mayor told Reuters on Tuesday that the bridge would reopen.",
            "The wire services reported the vote within minutes.",
            "Stay in the car until the police arrive.",
            "You have to subscribe before the end of the month, she said.",
            "Residents contributed money to the repair fund in March.",
        ] {
            assert!(
                cats(en, sentence).is_empty(),
                "{sentence}: {:?}",
                cats(en, sentence)
            );
        }
        // Dates as pages stamp them.
        for stamp in [
            "Wednesday 20 November 2019 9:22 am",
            "20 Nov, 2019 05:47",
            "Nov. 19, 2019",
            "Nov 18, 2019 @17:19 PM",
            "Updated at 1:23 p.m.",
        ] {
            assert!(
                cats(en, stamp).contains(&"dateline:whole".into()),
                "{stamp}"
            );
        }
    }

    #[test]
    fn a_photo_credit_in_brackets_ends_a_caption() {
        let en = Lexicon::of(Language::English);
        let ends = |line: &str| en.credit_at_end(&normalize(line));
        for caption in [
            "Players celebrate in Madrid, Spain, Tuesday, Nov. 19, 2019. (AP Photo/Manu Fernandez)",
            "Players celebrate in Madrid, Spain, Tuesday, Nov. 19, 2019. (Manu Fernandez/AP)",
            "The protests have strengthened in size (Image: GETTY )",
            "Gas is expelled from the galaxy (gas motion in red). (Image credit: TNG Collaboration)",
            "The old mill at dawn (Photo by Jane Smith)",
        ] {
            assert!(ends(caption), "{caption}");
        }
        for text in [
            "Rules come from the Environmental Protection Agency (EPA).",
            "She grew up near Pittsburgh (PA)",
            "The plan was approved (with two votes against).",
            "(Photo: Getty Images)",
            "Reuters/Ipsos polling found the race tied (Reuters/Ipsos)",
        ] {
            assert!(!ends(text), "{text}");
        }
    }

    #[test]
    fn german_vocabulary() {
        let de = Language::German;
        assert!(cats(de, "Mehr zum Thema").contains(&"related:whole".into()));
        assert!(cats(de, "Anzeige").contains(&"advert:whole".into()));
        assert!(cats(de, "Newsletter abonnieren").contains(&"subscribe:start".into()));
        assert!(cats(de, "Foto: dpa").contains(&"credit:start".into()));
        assert!(cats(de, "Impressum | Datenschutz | AGB").contains(&"legal:whole".into()));
        assert!(cats(de, "Der Morgen-Newsletter").contains(&"subscribe:whole".into()));
        assert!(cats(de, "Hat Ihnen der Artikel gefallen? Teilen Sie ihn")
            .contains(&"share:start".into()));
        assert!(cats(de, "Externe Links öffnen sich in einem neuen Fenster")
            .contains(&"navigate:whole".into()));
        assert!(cats(de, "Haftungsausschluss: Die Angaben sind ohne Gewähr")
            .contains(&"legal:start".into()));
        // A comment's header, alone or with its date; someone speaking is no header.
        assert!(cats(de, "Maria Muster sagt:").contains(&"comments:whole".into()));
        assert!(
            cats(de, "Maria sagt: 19. November 2019 um 9:08").contains(&"comments:start".into())
        );
        assert!(cats(de, "Die eine sagt: knig. Die andre sagt: knag.").is_empty());
        let words =
            "Der Rat hat die neue Brücke beschlossen und die Stadt ist nicht dagegen".split(' ');
        assert_eq!(Language::detect(words), Language::German);
        let words = "The council approved the budget and the city is glad".split(' ');
        assert_eq!(Language::detect(words), Language::English);
    }
}
