//! `titles/person-title`: one formal title written several ways in a document
//! (`Vice-Mayor`, `Vice Mayor`, `vice-mayor`); the first form sets the norm.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::Document;
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

fn title_regex(extra: &[String]) -> Result<Regex, regex::Error> {
    let mut all: Vec<String> = PERSON_TITLES
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    all.extend(extra.iter().map(|s| s.to_lowercase()));
    // Longest first, so `deputy prime minister` wins over `prime minister`.
    all.sort_by_key(|t| std::cmp::Reverse(t.len()));
    let alts: Vec<String> = all
        .iter()
        .map(|t| {
            t.split([' ', '-'])
                .filter(|p| !p.is_empty())
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"(?:[ \-]|‐)?")
        })
        .collect();
    // ASCII titles are matched against the text lower-cased in ASCII ([`title_ranges`]): a
    // case-sensitive pattern, which the regex crate can screen by its literals (a
    // case-insensitive one it scans byte by byte), compiled in a fraction of the time. A
    // title with another letter folds case by Unicode.
    let fold = if lowered(extra) { "(?-u)" } else { "(?i)" };
    Regex::new(&format!(r"{fold}(?-u:\b)(?:{})(?-u:\b)", alts.join("|")))
}

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

impl Check for PersonTitle {
    fn fixes(&self) -> bool {
        true
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        // The config compiles the house list once; a style built without it (a test, an
        // example) compiles it here, and a list that does not compile falls back to the
        // built-in titles (the config has already reported it).
        let custom;
        let re: &Regex = match (&cx.style.person_titles_matcher, &cx.style.person_titles) {
            (Some(m), _) => &m.0,
            (None, extra) if extra.is_empty() => &DEFAULT_TITLES,
            (None, extra) => match title_regex(extra) {
                Ok(r) => {
                    custom = r;
                    &custom
                }
                Err(_) => &DEFAULT_TITLES,
            },
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
            if title_ranges(re, lowered, w, &mut buf).first() == Some(&(0..w.len())) {
                norm.insert(key(w), w.clone());
            }
        }
        let house = norm.len();
        for b in cx.blocks(doc) {
            let text = b.text();
            for range in title_ranges(re, lowered, text, &mut buf) {
                let form = &text[range.clone()];
                let key = key(form);
                let Some(first) = norm.get(&key) else {
                    norm.insert(key, form.to_string());
                    continue;
                };
                // Capitals are not a variant (`Vice-Mayor Zhang`, `Zhang, the vice-mayor`).
                let same = |a: &str, b: &str| {
                    a.to_lowercase().replace('‐', "-") == b.to_lowercase().replace('‐', "-")
                };
                if same(first, form) {
                    continue;
                }
                let first = first.clone();
                let span = b.prose.map_range(range.clone());
                // Rewrite with the norm's separators, keeping this occurrence's capitals.
                let parts: Vec<&str> = form
                    .split([' ', '-', '‐'])
                    .filter(|p| !p.is_empty())
                    .collect();
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
