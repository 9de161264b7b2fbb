//! Inline suppression comments (Markdown only; plain text has no comments — use
//! `[[overrides]]`):
//!
//! ```markdown
//! <!-- copydesk-disable-next-line quotes/space-before-opening -->
//! A line with a finding. <!-- copydesk-disable-line typography/repeated-word -->
//! <!-- copydesk-disable structure --> … <!-- copydesk-enable structure -->
//! <!-- copydesk-disable-file titles/heading-case -->
//! ```
//! No id means every rule; an id may be a family. A suppression that suppresses nothing is
//! reported as `suppress/unused`, an id no rule has as `suppress/unknown-rule`.

use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::rule::{EngineCheck, RuleSet, Selector};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The comment's own line.
    Line,
    NextLine,
    Disable,
    Enable,
    File,
}

/// One directive in a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: Kind,
    /// Rule ids or families; empty means every rule.
    pub ids: Vec<Selector>,
    /// The comment in the source.
    pub span: Range<usize>,
}

/// The directives of a document, in order.
pub fn parse(doc: &Document) -> Vec<Directive> {
    let mut out = Vec::new();
    for (span, inner) in &doc.comments {
        let mut words = inner
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty());
        let kind = match words.next() {
            Some("copydesk-disable-line") => Kind::Line,
            Some("copydesk-disable-next-line") => Kind::NextLine,
            Some("copydesk-disable") => Kind::Disable,
            Some("copydesk-enable") => Kind::Enable,
            Some("copydesk-disable-file") => Kind::File,
            _ => continue,
        };
        out.push(Directive {
            kind,
            ids: words.map(Selector::parse).collect(),
            span: span.clone(),
        });
    }
    out
}

fn names(ids: &[Selector], rule: &crate::rule::RuleId) -> bool {
    ids.is_empty() || ids.iter().any(|id| id.matches(rule))
}

/// A finding about a suppression comment, for the engine to report with the rule's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub check: EngineCheck,
    /// The comment.
    pub span: Range<usize>,
    /// The value of the rule's message placeholder (`{what}` or `{rules}`).
    pub var: (&'static str, String),
}

/// The byte range a directive covers.
fn coverage(doc: &Document, directives: &[Directive], i: usize) -> Range<usize> {
    let d = &directives[i];
    match d.kind {
        Kind::File => 0..doc.text.len(),
        Kind::Line => {
            let r = doc
                .lines
                .line_range(&doc.text, doc.lines.line_of(d.span.start));
            r.start..r.end.max(r.start + 1).min(doc.text.len())
        }
        Kind::NextLine => {
            // The next line that is not blank, whole.
            let mut line = doc.lines.line_of(d.span.end.saturating_sub(1)) + 1;
            while line < doc.lines.line_count()
                && doc.text[doc.lines.line_range(&doc.text, line)]
                    .trim()
                    .is_empty()
            {
                line += 1;
            }
            let r = doc
                .lines
                .line_range(&doc.text, line.min(doc.lines.line_count() - 1));
            r.start..r.end.max(r.start + 1).min(doc.text.len())
        }
        Kind::Disable => {
            let end = directives[i + 1..]
                .iter()
                .find(|e| {
                    e.kind == Kind::Enable
                        && (e.ids.is_empty() || d.ids.iter().all(|id| e.ids.contains(id)))
                })
                .map_or(doc.text.len(), |e| e.span.start);
            d.span.end..end
        }
        Kind::Enable => 0..0,
    }
}

/// Drop the diagnostics the document's directives suppress; return what is wrong with the
/// directives themselves (unused, naming unknown rules), for the engine to report when
/// those rules are selected.
///
/// `corpus` lists where the corpus-wide rules' facts stand in this document (rule, offset):
/// a directive covering one counts as used, and the fact's index is returned so its
/// findings of the corpus phase are dropped too.
pub fn apply(
    doc: &Document,
    diags: &mut Vec<Diagnostic>,
    rules: &RuleSet,
    corpus: &[(&crate::rule::RuleId, usize)],
) -> (Vec<Finding>, Vec<usize>) {
    let directives = parse(doc);
    if directives.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut used = vec![false; directives.len()];
    let mut suppressed_facts = Vec::new();
    for (k, (rule, at)) in corpus.iter().enumerate() {
        for (i, dir) in directives.iter().enumerate() {
            if dir.kind == Kind::Enable || !names(&dir.ids, rule) {
                continue;
            }
            let r = coverage(doc, &directives, i);
            if r.start <= *at && *at < r.end.max(r.start + 1) {
                used[i] = true;
                if suppressed_facts.last() != Some(&k) {
                    suppressed_facts.push(k);
                }
            }
        }
    }
    diags.retain(|d| {
        let mut keep = true;
        for (i, dir) in directives.iter().enumerate() {
            if dir.kind == Kind::Enable || !names(&dir.ids, &d.rule) {
                continue;
            }
            let r = coverage(doc, &directives, i);
            if r.start <= d.span.start() && d.span.start() < r.end.max(r.start + 1) {
                used[i] = true;
                keep = false;
            }
        }
        keep
    });
    let list = |ids: &[&Selector]| {
        ids.iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = Vec::new();
    for (i, dir) in directives.iter().enumerate() {
        let unknown: Vec<&Selector> = dir.ids.iter().filter(|id| !rules.knows(id)).collect();
        if !unknown.is_empty() {
            out.push(Finding {
                check: EngineCheck::UnknownSuppressedRule,
                span: dir.span.clone(),
                var: ("rules", list(&unknown)),
            });
        }
        if dir.kind != Kind::Enable && !used[i] && unknown.len() < dir.ids.len().max(1) {
            let what = if dir.ids.is_empty() {
                "any rule".to_string()
            } else {
                list(&dir.ids.iter().collect::<Vec<_>>())
            };
            out.push(Finding {
                check: EngineCheck::UnusedSuppression,
                span: dir.span.clone(),
                var: ("what", what),
            });
        }
    }
    (out, suppressed_facts)
}

/// One suppression comment to insert for `check --add-suppressions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insertion {
    /// 0-based line it suppresses (and is written on).
    pub line: usize,
    /// Byte offset to insert at: the end of the line's content, before trailing spaces (a
    /// Markdown hard break) or a final backslash.
    pub at: usize,
    pub text: String,
    /// The rules it names.
    pub rules: Vec<String>,
}

/// A `copydesk-disable-line` comment at the end of each line holding one of `diags`,
/// naming their rules. Nothing for plain text (no comments), for lines of the front matter
/// (a comment there would change a value), or for findings about suppressions themselves
/// and the run's own errors. The caller checks the result: a comment the Markdown parser
/// does not see as one (inside a table's extra cells, say) must be left out.
pub fn line_comments(doc: &Document, diags: &[Diagnostic]) -> Vec<Insertion> {
    if doc.format != crate::document::Format::Markdown {
        return Vec::new();
    }
    let mdx = doc.path.to_ascii_lowercase().ends_with(".mdx");
    let front = doc.front_matter.as_ref().map_or(0..0, |f| f.range.clone());
    let mut by_line: std::collections::BTreeMap<usize, Vec<&str>> = Default::default();
    for d in diags {
        let rule = d.rule.as_str();
        if ["io/", "internal/", "suppress/"]
            .iter()
            .any(|p| rule.starts_with(p))
            || front.contains(&d.span.start())
        {
            continue;
        }
        by_line
            .entry(doc.lines.line_of(d.span.start()))
            .or_default()
            .push(rule);
    }
    // Lines of headings: a comment appended there would join the heading's text (and its
    // anchor), so an ATX heading at the margin gets a `disable-next-line` comment on its
    // own line above it, and other headings (setext, inside a list or quote) none.
    let heading_lines: std::collections::HashSet<usize> = doc
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, crate::document::BlockKind::Heading(_)))
        .flat_map(|b| {
            let r = b.range();
            doc.lines.line_of(r.start)..=doc.lines.line_of(r.end.max(r.start))
        })
        .collect();
    let comment = |directive: String| {
        if mdx {
            format!("{{/* {directive} */}}")
        } else {
            format!("<!-- {directive} -->")
        }
    };
    by_line
        .into_iter()
        .filter_map(|(line, mut rules)| {
            rules.sort_unstable();
            rules.dedup();
            let range = doc.lines.line_range(&doc.text, line);
            let raw = &doc.text[range.clone()];
            let names = rules.join(" ");
            let rules: Vec<String> = rules.iter().map(|r| (*r).to_string()).collect();
            if heading_lines.contains(&line) {
                let hashes = raw.len() - raw.trim_start_matches('#').len();
                let atx = (1..=6).contains(&hashes)
                    && raw[hashes..]
                        .chars()
                        .next()
                        .is_none_or(|c| c == ' ' || c == '\t');
                if !atx {
                    return None;
                }
                let eol = if doc.text[range.end..].starts_with("\r\n") {
                    "\r\n"
                } else {
                    "\n"
                };
                return Some(Insertion {
                    line,
                    at: range.start,
                    text: format!(
                        "{}{eol}",
                        comment(format!("copydesk-disable-next-line {names}"))
                    ),
                    rules,
                });
            }
            let content = raw.trim_end();
            let content = content.strip_suffix('\\').unwrap_or(content).trim_end();
            let at = range.start + content.len();
            let c = comment(format!("copydesk-disable-line {names}"));
            let text = if content.is_empty() {
                c
            } else {
                format!(" {c}")
            };
            Some(Insertion {
                line,
                at,
                text,
                rules,
            })
        })
        .collect()
}

/// The offset in the original text of `offset` in the text with `insertions` made (an
/// offset inside an inserted text maps to where it was inserted).
pub fn original_offset(insertions: &[Insertion], offset: usize) -> usize {
    let mut sorted: Vec<&Insertion> = insertions.iter().collect();
    sorted.sort_by_key(|i| i.at);
    let mut shift = 0;
    for i in sorted {
        let start = i.at + shift;
        if offset < start {
            break;
        }
        if offset < start + i.text.len() {
            return i.at;
        }
        shift += i.text.len();
    }
    offset - shift
}

/// `text` with `insertions` made (in any order).
pub fn insert(text: &str, insertions: &[Insertion]) -> String {
    let mut sorted: Vec<&Insertion> = insertions.iter().collect();
    sorted.sort_by_key(|i| i.at);
    let mut out = String::with_capacity(text.len() + insertions.len() * 64);
    let mut last = 0;
    for i in sorted {
        out.push_str(&text[last..i.at]);
        out.push_str(&i.text);
        last = i.at;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_a_comment_above_or_none() {
        let text = "# Title\n\nIntro\nSetext title\n============\n\n> ## Quoted\n";
        let d = crate::document::Document::parse(
            "a.md",
            text.to_string(),
            crate::document::Format::Markdown,
        );
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            Diagnostic {
                rule: crate::id::RuleId::from_static("titles/heading-case"),
                severity: crate::diagnostic::Severity::Warning,
                message: String::new(),
                span: crate::span::Span::checked(text, i..i + s.len()).unwrap(),
                label: String::new(),
                help: None,
                notes: vec![],
                fix: None,
            }
        };
        let ins = line_comments(&d, &[at("Title"), at("Setext"), at("Quoted")]);
        // Only the ATX heading at the margin: a line above it.
        assert_eq!(ins.len(), 1, "{ins:?}");
        assert_eq!(ins[0].at, 0);
        assert_eq!(
            ins[0].text,
            "<!-- copydesk-disable-next-line titles/heading-case -->\n"
        );
        let new = insert(text, &ins);
        assert_eq!(original_offset(&ins, new.find("# Title").unwrap()), 0);
        assert_eq!(
            original_offset(&ins, new.find("Intro").unwrap()),
            text.find("Intro").unwrap()
        );
    }
    use crate::document::Format;

    fn doc(s: &str) -> Document {
        Document::parse("t.md", s.to_string(), Format::Markdown)
    }

    #[test]
    fn parses_the_four_forms() {
        let d = doc("<!-- copydesk-disable-next-line quotes, typography/double-space -->\nx\n\n<!-- copydesk-disable -->\n\n<!-- copydesk-enable -->\n\n<!-- copydesk-disable-file titles -->\n\n<!-- a plain comment -->\n");
        let kinds: Vec<Kind> = parse(&d).iter().map(|x| x.kind).collect();
        assert_eq!(
            kinds,
            [Kind::NextLine, Kind::Disable, Kind::Enable, Kind::File]
        );
        assert_eq!(
            parse(&d)[0].ids,
            [
                Selector::parse("quotes"),
                Selector::parse("typography/double-space")
            ]
        );
    }

    #[test]
    fn family_names_match_their_rules() {
        let id = |s| crate::rule::RuleId::new(s).unwrap();
        assert!(names(
            &[Selector::parse("quotes")],
            &id("quotes/unbalanced")
        ));
        assert!(!names(
            &[Selector::parse("quote")],
            &id("quotes/unbalanced")
        ));
        assert!(names(&[], &id("anything/at-all")));
    }
}
