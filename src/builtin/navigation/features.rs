//! The features of each candidate line that the scoring model weighs: its shape, its
//! vocabulary by category, its place in the document, its neighbours, its overlap with the
//! article body, and its repetition within the file.
//!
//! The same function feeds the rule and `scripts/nav_fit.py` (through the
//! `nav_features` example), so the weights are fitted on exactly what the rule computes.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::{category_bits, CATEGORIES};
use super::lines::Line;

/// Feature names, in the order of each row. The rule's TOML gives a weight to each.
pub(crate) const NAMES: [&str; 74] = [
    "bias",
    // Shape.
    "words_1",
    "words_2_4",
    "words_5_9",
    "words_10_19",
    "words_20_up",
    "ends_sentence",
    "ends_question",
    "ends_colon",
    "capitalized_share",
    "all_caps",
    "no_letters",
    "digit_share",
    "url",
    "handle",
    "separators",
    "date",
    "count",
    "headline_like",
    "sentence",
    "body",
    "title",
    "heading",
    "link",
    // Vocabulary: whole line, then line start, per category.
    "share_whole",
    "subscribe_whole",
    "navigate_whole",
    "related_whole",
    "legal_whole",
    "advert_whole",
    "comments_whole",
    "credit_whole",
    "byline_whole",
    "dateline_whole",
    "media_whole",
    "share_start",
    "subscribe_start",
    "navigate_start",
    "related_start",
    "legal_start",
    "advert_start",
    "comments_start",
    "credit_start",
    "byline_start",
    "dateline_start",
    "media_start",
    // Vocabulary and shape together: any whole-line cue; a line-start cue on a line that is
    // not a sentence, and on one that is.
    "any_whole",
    "start_not_sentence",
    "start_sentence",
    // Place.
    "before_body",
    "after_body",
    "no_body",
    // Neighbours.
    "run_length",
    "prev_cue",
    "next_cue",
    "near_cues",
    "near_body",
    "between_body",
    // Overlap and repetition.
    "overlap",
    "unrelated_headline",
    "repeated",
    "short_outside_body",
    // The document as a whole, and the region around the body a line sits in.
    "doc_cue_share",
    "doc_body_share",
    "not_sentence_x_doc_cues",
    "region_evidence",
    "region_evidence_x_short",
    "after_comments_cue",
    "headline_region",
    "trailing_headline_list",
    // A later sentence of the line opening as furniture does, or a photo credit in
    // brackets at its end.
    "later_cue",
    // Markup a page never shows (a CMS shortcode, an HTML tag with attributes) in a plain
    // text's line.
    "markup",
    // One of a list of headlines under a label of related stories or of navigation.
    "labelled_headlines",
    // Inside a comment thread, between the lines each comment carries: a reader's comment.
    "comment_thread",
];

/// Number of features.
pub(crate) const N: usize = NAMES.len();

/// The `overlap` of a line with too few content words to compare with the body: below
/// every share, so a tree tells it from a line that shares none.
const NOTHING_TO_COMPARE: f64 = -1.0;

/// Lines on each side that count as neighbours.
const NEAR: usize = 3;

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)https?://|www\.|(?-u:\b)[\w-]+\.(com|org|net|co\.uk|de|io|gov|edu)(?-u:\b)|\S+@\S+\.\w")
        .expect("valid regex")
});
static HANDLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)@\w{2,}").expect("valid regex"));
static SEPARATORS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s[|•·»›>/]\s|\s\|\s?|^\|").expect("valid regex"));
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?-u:\b)(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|januar|februar|märz|juni|juli|oktober|dezember)[a-zä]*\.?\s+\d{1,2}(?-u:\b)
      | (?-u:\b)\d{1,2}\.?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|januar|februar|märz|juni|juli|oktober|dezember)[a-zä]*\.?\s+\d{4}(?-u:\b)
      | (?-u:\b)\d{1,2}[/.]\d{1,2}[/.]\d{2,4}(?-u:\b) | (?-u:\b)\d{4}-\d{2}-\d{2}(?-u:\b)
      | (?-u:\b)\d{1,2}:\d{2}\s*(am|pm|a\.m\.|p\.m\.|uhr)?
    ",
    )
    .expect("valid regex")
});
static COUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[(\[]\s*\d+\s*[)\]]|^\d+$|^\d+\s+\S+$").expect("valid regex"));

/// Compiles the costliest of the features' regexes, which most pages need (a date, a
/// domain): done on another thread while the first plain-text page's lines are classified,
/// so a small scraped page's run does not compile them after its lexicon's patterns.
pub(super) fn warm_up() {
    LazyLock::force(&DATE);
    LazyLock::force(&URL);
}

/// The feature rows of a document's lines ([`rows`]): made only for lines that may be
/// furniture unless every row is asked for — a row is 74 numbers, and most lines of a long
/// text are body copy (a 100 MB page dump held 200 MB of zero rows).
pub(super) struct Rows {
    /// Per line, its row's index in `rows`, or [`NO_ROW`].
    at: Vec<usize>,
    rows: Vec<[f64; N]>,
}

const NO_ROW: usize = usize::MAX;

/// The row of a line without one.
static ZERO: [f64; N] = [0.0; N];

impl Rows {
    /// Line `i`'s row (zeros for a line that cannot be furniture).
    pub(super) fn row(&self, i: usize) -> &[f64; N] {
        match self.at[i] {
            NO_ROW => &ZERO,
            k => &self.rows[k],
        }
    }

    /// Every line's row, in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &[f64; N]> + '_ {
        (0..self.at.len()).map(|i| self.row(i))
    }
}

/// The feature rows of `lines`, one per line, in [`NAMES`] order.
/// `authored`: Markdown, written by hand — its closing lists (credits, links, further
/// reading) are not a headline block unless furniture vocabulary is among them.
/// `every`: a row for every line (for the fit); otherwise a line that cannot be furniture
/// (not eligible: body paragraphs, most of the text) gets zeros — the rule never reads its
/// row, and a line's row depends on the other lines, never on their rows.
pub(super) fn rows(lines: &[Line], authored: bool, every: bool) -> Rows {
    let n = lines.len();
    let first_body = lines.iter().position(|l| l.body);
    let last_body = lines.iter().rposition(|l| l.body);
    // The body's word hashes, sorted for a binary search.
    let mut body_vocab: Vec<u64> = lines
        .iter()
        .filter(|l| l.body)
        .flat_map(|l| l.content.iter().copied())
        .collect();
    body_vocab.sort_unstable();
    body_vocab.dedup();
    // Runs of consecutive lines that are not sentences.
    let mut run = vec![0usize; n];
    let mut i = 0;
    while i < n {
        if lines[i].sentence || lines[i].body {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && !lines[j].sentence && !lines[j].body {
            j += 1;
        }
        for r in &mut run[i..j] {
            *r = j - i;
        }
        i = j;
    }
    // Repeated short lines.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for l in lines.iter().filter(|l| l.words <= 12) {
        *seen.entry(l.text.as_str()).or_default() += 1;
    }
    // Share of a line's content words found in the body: 1 for body copy, and
    // [`NOTHING_TO_COMPARE`] for a line of fewer than two content words (`Read More`,
    // `Share`: their words are in most bodies, and that says nothing).
    let overlap: Vec<f64> = lines
        .iter()
        .map(|l| {
            if l.body {
                return 1.0;
            }
            if l.content.len() < 2 {
                return NOTHING_TO_COMPARE;
            }
            let shared = l
                .content
                .iter()
                .filter(|w| body_vocab.binary_search(w).is_ok())
                .count();
            shared as f64 / l.content.len() as f64
        })
        .collect();
    // A headline that shares almost no words with the body.
    let unrelated: Vec<bool> = lines
        .iter()
        .zip(&overlap)
        .map(|(l, &o)| l.headline_like && (0.0..1.0 / 3.0).contains(&o))
        .collect();
    // Evidence of furniture: a lexicon cue, or an unrelated headline.
    let evidence: Vec<bool> = lines
        .iter()
        .zip(&unrelated)
        .map(|(l, &u)| l.cues != 0 || u)
        .collect();
    let share = |range: std::ops::Range<usize>, f: &dyn Fn(usize) -> bool| {
        let len = range.len();
        if len == 0 {
            0.0
        } else {
            range.filter(|&i| f(i)).count() as f64 / len as f64
        }
    };
    // A leading or trailing region that reads as a block of headlines: at least three lines
    // of evidence, at least 40 % of the region evidence and 70 % not sentences.
    let headline_region = |range: std::ops::Range<usize>| {
        let len = range.len();
        let ev = range.clone().filter(|&i| evidence[i]).count();
        let short = range.clone().filter(|&i| !lines[i].sentence).count();
        let cued = range.clone().any(|i| lines[i].cues != 0);
        ev >= 3 && ev * 10 >= len * 4 && short * 10 >= len * 7 && (cued || !authored)
    };
    // Plain text: the lines after the last paragraph are three or more headlines, four in
    // five of them sharing almost no words with the article, none a sentence, not introduced
    // by a label, not a listing of dates, not numbered steps — the list of other stories a
    // scraper leaves at the end (Markdown lists there are the author's).
    let trailing_list = !authored
        && last_body.is_some_and(|l| {
            let region = l + 1..n;
            let unrelated = region
                .clone()
                .filter(|&i| evidence[i] && lines[i].headline_like)
                .count();
            // A list the article introduces (`The dates are:`, `Results`) or a listing of
            // dates and times (a tour, a schedule) is the author's, not other stories.
            let introduced = lines[l + 1..]
                .first()
                .is_some_and(|h| h.cues == 0 && (h.text.ends_with(':') || h.words <= 2));
            let dated = region
                .clone()
                .filter(|&i| DATE.is_match(&lines[i].text))
                .count();
            let numbered = region.clone().filter(|&i| lines[i].numbered).count();
            region.len() >= 3
                && !introduced
                && dated * 2 < region.len()
                && numbered * 2 < region.len()
                && unrelated * 5 >= region.len() * 4
                && region.clone().all(|i| !lines[i].sentence)
        });
    // Headlines listed under a label of other stories or of navigation (`You may also
    // like…`, `More:`, `Read more`): the run of headlines (with dividers between them) that
    // starts on the next line. A sentence or body copy ends it.
    let label = {
        let (related, navigate) = (category_bits("related"), category_bits("navigate"));
        (related | navigate) & 0xffff
    };
    // One pass: a label inside a run continues it.
    let mut labelled = vec![false; n];
    let mut open = false;
    for (i, l) in lines.iter().enumerate() {
        let listed = !l.sentence && !l.body && (l.headline_like || l.marks_only || l.divider);
        labelled[i] = open && listed && l.headline_like;
        open = (open && listed) || (l.cues & label != 0 && !l.sentence);
    }
    let leading_headlines = first_body.is_some_and(|f| headline_region(0..f));
    let trailing_headlines = last_body.is_some_and(|l| headline_region(l + 1..n));
    let doc_cues = share(0..n, &|i| lines[i].cues != 0);
    let doc_body = share(0..n, &|i| lines[i].body);
    let leading = share(0..first_body.unwrap_or(0), &|i| evidence[i]);
    let trailing = share(last_body.map_or(n, |l| l + 1)..n, &|i| evidence[i]);
    let comments = 1
        << super::lexicon::CATEGORIES
            .iter()
            .position(|c| *c == "comments")
            .expect("a comments category");
    let first_comments = lines
        .iter()
        .position(|l| l.cues & (comments | comments << 16) != 0);
    // Room for every row at once: a row is large, and growing moves them all.
    let wanted = lines.iter().filter(|l| every || l.eligible).count();
    let mut out = Rows {
        at: vec![NO_ROW; n],
        rows: Vec::with_capacity(wanted),
    };
    for (i, l) in lines.iter().enumerate() {
        if !every && !l.eligible {
            continue;
        }
        let mut row = [0.0; N];
        let t = l.text.as_str();
        let mut k = 0;
        let mut push = |v: f64| {
            row[k] = v;
            k += 1;
        };
        let flag = |b: bool| if b { 1.0 } else { 0.0 };
        push(1.0);
        // Shape.
        push(flag(l.words <= 1));
        push(flag((2..=4).contains(&l.words)));
        push(flag((5..=9).contains(&l.words)));
        push(flag((10..=19).contains(&l.words)));
        push(flag(l.words >= 20));
        push(flag(crate::document::plain_ends_sentence(t)));
        push(flag(t.ends_with('?')));
        push(flag(t.ends_with(':')));
        let (mut capitalized, mut lettered, mut letters, mut upper, mut digits) = (0, 0, 0, 0, 0);
        for w in t.split_whitespace() {
            if let Some(c) = w.chars().find(|c| c.is_alphanumeric()) {
                if c.is_alphabetic() {
                    lettered += 1;
                    capitalized += usize::from(c.is_uppercase());
                }
            }
        }
        // Any digit at all (`\d` is Unicode's: other scripts' digits too), for the screens
        // below.
        let mut other_digit = false;
        for c in t.chars() {
            if c.is_alphabetic() {
                letters += 1;
                upper += usize::from(c.is_uppercase());
            } else if c.is_ascii_digit() {
                digits += 1;
            } else if !c.is_ascii() && c.is_numeric() {
                other_digit = true;
            }
        }
        push(if lettered == 0 {
            0.0
        } else {
            capitalized as f64 / lettered as f64
        });
        push(flag(letters >= 4 && upper == letters));
        push(flag(letters == 0));
        push(if letters + digits == 0 {
            0.0
        } else {
            digits as f64 / (letters + digits) as f64
        });
        let short = l.words <= 40;
        // Each pattern only where a byte every match of it holds is present (most short lines
        // have none): the same flags, without a regex search per line.
        let b = t.as_bytes();
        let digit = digits > 0 || other_digit;
        let url = memchr::memchr2(b'.', b':', b).is_some();
        let handle = memchr::memchr(b'@', b).is_some();
        // `|`, `>`, `/`, or the lead byte of `•`, `›` (0xE2) or `·`, `»` (0xC2).
        let separator = b
            .iter()
            .any(|c| matches!(c, b'|' | b'>' | b'/' | 0xC2 | 0xE2));
        push(flag(short && url && URL.is_match(t)));
        push(flag(short && handle && HANDLE.is_match(t)));
        push(flag(short && separator && SEPARATORS.is_match(t)));
        push(flag(short && digit && DATE.is_match(t)));
        push(flag(short && digit && COUNT.is_match(t)));
        push(flag(l.headline_like));
        push(flag(l.sentence));
        push(flag(l.body));
        push(flag(l.title));
        push(flag(l.heading));
        push(flag(l.link));
        // Vocabulary.
        for c in 0..CATEGORIES.len() {
            push(flag(l.cues & (1 << c) != 0));
        }
        for c in 0..CATEGORIES.len() {
            push(flag(l.cues & (1 << (16 + c)) != 0));
        }
        let whole = l.cues & 0xffff != 0;
        let start = l.cues >> 16 != 0;
        push(flag(whole));
        push(flag(start && !l.sentence));
        push(flag(start && l.sentence));
        // Place.
        let before = first_body.is_some_and(|f| i < f);
        let after = last_body.is_some_and(|f| i > f);
        push(flag(before));
        push(flag(after));
        push(flag(first_body.is_none()));
        // Neighbours.
        push(((1 + run[i]) as f64).log2() / 4.0);
        push(flag(i > 0 && lines[i - 1].cues != 0));
        push(flag(i + 1 < n && lines[i + 1].cues != 0));
        let lo = i.saturating_sub(NEAR);
        let hi = (i + NEAR + 1).min(n);
        let near = (lo..hi).filter(|&j| j != i);
        let count = near.clone().count().max(1) as f64;
        push(near.clone().filter(|&j| lines[j].cues != 0).count() as f64 / count);
        push(near.filter(|&j| lines[j].body).count() as f64 / count);
        push(flag(
            i > 0 && i + 1 < n && lines[i - 1].body && lines[i + 1].body,
        ));
        // Overlap with the body, and repetition.
        push(overlap[i]);
        push(flag(unrelated[i]));
        push(flag(seen.get(t).is_some_and(|&c| c >= 2)));
        push(flag(l.words <= 4 && (before || after)));
        push(doc_cues);
        push(doc_body);
        push(if l.sentence { 0.0 } else { doc_cues });
        let region = if before {
            leading
        } else if after {
            trailing
        } else {
            0.0
        };
        push(region);
        push(if l.sentence { 0.0 } else { region });
        push(flag(first_comments.is_some_and(|f| i > f)));
        push(flag(
            !l.sentence && (before && leading_headlines || after && trailing_headlines),
        ));
        push(flag(after && trailing_list));
        push(flag(l.later != 0));
        push(flag(l.markup));
        push(flag(labelled[i]));
        push(flag(l.thread));
        debug_assert_eq!(k, N, "every feature pushed once");
        out.at[i] = out.rows.len();
        out.rows.push(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::NAMES;
    use crate::document::{Document, Format};

    /// Each line with a row, and the value of feature `name` in it.
    fn feature(text: &str, name: &str) -> Vec<(String, f64)> {
        let k = NAMES.iter().position(|n| *n == name).expect("a feature");
        let doc = Document::parse("t.txt", text.to_string(), Format::Text);
        super::super::feature_rows(&doc)
            .into_iter()
            .map(|(first, _, _, _, row)| (text.lines().nth(first - 1).unwrap().to_string(), row[k]))
            .collect()
    }

    const BODY: &str = "The city council voted on Tuesday to rebuild the old river bridge before the spring floods arrive next year.\n\nEngineers said the rebuilt bridge would carry twice the traffic of the old one when it opens to cars and buses.\n\n";

    /// The headlines under a label of other stories are listed; the label is not, and a
    /// sentence ends the list.
    #[test]
    fn headlines_under_a_label_of_other_stories() {
        let text = format!(
            "Bridge vote\n\n{BODY}You may also like...\n\nWho will build the new ferry terminal?\n\nRiver festival returns to the old harbour\n\nThe council will meet again in March to approve the budget for the whole project.\n\nMayor opens the new library branch\n"
        );
        let listed: Vec<String> = feature(&text, "labelled_headlines")
            .into_iter()
            .filter(|(_, v)| *v > 0.0)
            .map(|(t, _)| t)
            .collect();
        assert_eq!(
            listed,
            [
                "Who will build the new ferry terminal?",
                "River festival returns to the old harbour"
            ]
        );
    }

    /// Headlines in the article without a label over them are not listed.
    #[test]
    fn headlines_without_a_label_are_not_listed() {
        let text = format!(
            "Bridge vote\n\n{BODY}What the council decided\n\nRiver festival returns to the old harbour\n"
        );
        assert!(feature(&text, "labelled_headlines")
            .iter()
            .all(|(_, v)| *v == 0.0));
    }

    /// A line of fewer than two content words has nothing to compare with the body: its
    /// overlap is set apart from any share (`Read More`'s words are in most bodies), and a
    /// headline of that kind is not taken for one unrelated to the article.
    #[test]
    fn too_few_words_have_nothing_to_compare() {
        let text = format!(
            "Bridge vote\n\n{BODY}Read More\n\nTraffic bridge engineers\n\nWinter Olympics Tickets\n"
        );
        let of = |name: &str, line: &str| {
            feature(&text, name)
                .into_iter()
                .find(|(l, _)| l == line)
                .map(|(_, v)| v)
                .expect("a row")
        };
        assert_eq!(of("overlap", "Read More"), super::NOTHING_TO_COMPARE);
        assert_eq!(of("unrelated_headline", "Read More"), 0.0);
        assert_eq!(of("overlap", "Traffic bridge engineers"), 1.0);
        assert_eq!(of("overlap", "Winter Olympics Tickets"), 0.0);
        assert_eq!(of("unrelated_headline", "Winter Olympics Tickets"), 1.0);
    }
}
