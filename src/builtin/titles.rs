//! Titles: the metadata title against the headline (`titles/metadata-mismatch`), heading
//! capitalization (`titles/heading-case`), one formal title written several ways
//! (`titles/person-title`), and two files with the same title (`titles/duplicate`).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use crate::casing::{classify, offending_words, Case};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::{Block, BlockKind, Document};
use crate::kinds::KindError;
use crate::rule::{Check, Context, CorpusFinding, Fact, HeadingCase};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Report {
    MetadataMismatch,
    HeadingCase,
    PersonTitle,
    Duplicate,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Params {
    report: Report,
}

pub(super) fn create(params: toml::Table) -> Result<(Box<dyn Check>, bool), KindError> {
    let p: Params = super::params(params)?;
    Ok((
        Box::new(Titles { report: p.report }),
        p.report == Report::PersonTitle,
    ))
}

struct Titles {
    report: Report,
}

/// Text for comparison: typographic quotes and dashes as plain ones, entities decoded,
/// white space collapsed.
fn plain(text: &str) -> String {
    let t = text
        .replace(['’', '‘', '′'], "'")
        .replace(['“', '”', '″'], "\"")
        .replace(['–', '—'], "-")
        .replace("&amp;", "&")
        .replace("&#8217;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"");
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Letters and digits only, lower-cased: equal means "the same words".
fn words_only(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// How two titles differ, or `None` when they do not.
fn difference(a: &str, b: &str) -> Option<&'static str> {
    let (a, b) = (plain(a), plain(b));
    let trim = |s: &str| s.trim_end_matches(['.', ' ']).to_string();
    if trim(&a) == trim(&b) {
        None
    } else if a.to_lowercase() == b.to_lowercase() {
        Some("case only")
    } else if words_only(&a) == words_only(&b) {
        Some("punctuation only")
    } else {
        Some("words")
    }
}

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
    let mut all: Vec<String> = PERSON_TITLES.iter().map(|s| s.to_string()).collect();
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
                .join(r"[ \-‐]?")
        })
        .collect();
    Regex::new(&format!(r"(?i)(?-u:\b)(?:{})(?-u:\b)", alts.join("|")))
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

impl Titles {
    fn metadata(&self, doc: &Document, cx: &mut Context<'_>) {
        let Some(meta) = doc.metadata_title() else {
            return;
        };
        let field = meta.field.clone().unwrap_or_default();
        let mut pairs: Vec<(&Block, String)> = Vec::new();
        if let Some(h) = doc.headline() {
            let name = if h.kind == BlockKind::Title {
                "the title line"
            } else {
                "the `#` headline"
            };
            pairs.push((h, name.to_string()));
        }
        if field == "title" {
            if let Some(hl) = doc
                .blocks
                .iter()
                .find(|b| b.field.as_deref() == Some("headline"))
            {
                pairs.push((hl, "the front-matter `headline`".to_string()));
            }
        }
        for (other, name) in pairs {
            let Some(how) = difference(meta.text(), other.text()) else {
                continue;
            };
            let a = format!("front-matter `{field}`");
            let d = cx.report(other.range(), &[("a", &a), ("b", &name), ("how", how)]);
            d.notes.push(format!("{a}: {}", meta.text()));
            d.notes.push(format!("{name}: {}", other.text()));
        }
    }

    fn heading_case(&self, doc: &Document, cx: &mut Context<'_>) {
        let headline = doc.headline().map(|b| b.range());
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
        let target = match house {
            Some(c) => c,
            None => {
                let (mut sentence, mut title) = (0, 0);
                for b in &sections {
                    match classify(b.text(), &b.words) {
                        Some(Case::Sentence) => sentence += 1,
                        Some(Case::Title) => title += 1,
                        None => {}
                    }
                }
                // A clear majority of at least three headings, or no verdict: a document
                // whose headings are split between styles has no style to hold them to.
                let total = sentence + title;
                if total < 3 || sentence.max(title) * 4 < total * 3 {
                    return;
                }
                if sentence > title {
                    Case::Sentence
                } else {
                    Case::Title
                }
            }
        };
        // Words the document itself capitalizes mid-sentence are names here (`Head Start`,
        // `The Master Builder`): a heading may keep their capitals in sentence case.
        let names: Vec<String> = if target == Case::Sentence {
            names_in_body(doc)
        } else {
            Vec::new()
        };
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
            if yaml_like || link || text.contains(crate::document::MASK) {
                continue;
            }
            let bad = offending_words(text, &b.words, target, &names);
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

    fn person_title(&self, doc: &Document, cx: &mut Context<'_>) {
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
        // key (letters only) → the first form as written.
        let mut norm: HashMap<String, String> = HashMap::new();
        for b in cx.blocks(doc) {
            let text = b.text();
            for m in re.find_iter(text) {
                let form = m.as_str();
                let key: String = form
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect::<String>()
                    .to_lowercase();
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
                let span = b.prose.map_range(m.range());
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
                let exact = b.prose.exact_range(m.range());
                let d = cx.report(span, &[("match", form), ("norm", &first)]);
                d.notes
                    .push(format!("first written `{first}` in this document"));
                if let (Some(rep), Some(r)) = (fix, exact) {
                    d.fix = Some(Fix::one(
                        format!("write `{rep}`"),
                        Applicability::Unsafe,
                        Edit::new(r, rep),
                    ));
                }
            }
        }
    }
}

/// Capitalized words that stand mid-sentence in the document's running text.
fn names_in_body(doc: &Document) -> Vec<String> {
    let mut out = std::collections::HashSet::new();
    for b in doc.blocks.iter().filter(|b| {
        matches!(
            b.kind,
            BlockKind::Paragraph | BlockKind::ListItem | BlockKind::Blockquote
        )
    }) {
        let text = b.text();
        for w in &b.words {
            let word = &text[w.clone()];
            if !word.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            let before = text[..w.start].trim_end();
            let sentence_start =
                before.is_empty() || before.ends_with(['.', '!', '?', ':', '"', '“', '(', '—']);
            if !sentence_start {
                out.insert(word.to_string());
            }
        }
    }
    out.into_iter().collect()
}

/// The title a document is known by: front-matter title, else its headline.
fn known_title(doc: &Document) -> Option<&Block> {
    doc.metadata_title().or_else(|| doc.headline())
}

impl Check for Titles {
    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        match self.report {
            Report::MetadataMismatch => self.metadata(doc, cx),
            Report::HeadingCase => self.heading_case(doc, cx),
            Report::PersonTitle => self.person_title(doc, cx),
            Report::Duplicate => {}
        }
    }

    fn collect(&self, doc: &Document) -> Option<Fact> {
        if self.report != Report::Duplicate {
            return None;
        }
        let t = known_title(doc)?;
        let key = words_only(&plain(t.text()));
        (!key.is_empty()).then(|| Fact {
            key,
            span: t.range(),
        })
    }

    fn check_corpus(&self, facts: &[(usize, &str, &Fact)]) -> Vec<CorpusFinding> {
        let mut groups: HashMap<&str, Vec<&(usize, &str, &Fact)>> = HashMap::new();
        for f in facts {
            groups.entry(f.2.key.as_str()).or_default().push(f);
        }
        let mut out = Vec::new();
        for group in groups.values().filter(|g| g.len() > 1) {
            for f in group {
                let others: Vec<&str> = group.iter().filter(|o| o.0 != f.0).map(|o| o.1).collect();
                let other = others.first().copied().unwrap_or_default().to_string();
                let mut notes = Vec::new();
                if others.len() > 1 {
                    notes.push(format!("also in {}", others[1..].join(", ")));
                }
                out.push(CorpusFinding {
                    file: f.0,
                    span: f.2.span.clone(),
                    vars: vec![("other".into(), other)],
                    notes,
                });
            }
        }
        out.sort_by_key(|f| (f.file, f.span.start));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_are_classified() {
        assert_eq!(difference("Rust 1.0", "Rust 1.0"), None);
        assert_eq!(difference("Don't panic", "Don’t panic"), None);
        assert_eq!(
            difference("Getting There", "Getting there"),
            Some("case only")
        );
        assert_eq!(
            difference("Rust, again", "Rust again!"),
            Some("punctuation only")
        );
        assert_eq!(difference("Rust 1.0", "Announcing Rust 1.0"), Some("words"));
    }

    #[test]
    fn title_forms_match_with_any_separator() {
        let re = title_regex(&[]).unwrap();
        let t = "Vice-Mayor Zhang, Vice Mayor Li, the vicemayor, Deputy Prime Minister Wu";
        let found: Vec<&str> = re.find_iter(t).map(|m| m.as_str()).collect();
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
        let found: Vec<&str> = re
            .find_iter("the chairman, the chair-man and the Chair Man")
            .map(|m| m.as_str())
            .collect();
        assert_eq!(found, ["chairman", "chair-man", "Chair Man"]);
    }
}
