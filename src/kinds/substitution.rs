//! `[substitution]`: a wrong form and its right one, with a fix.
//!
//! ```toml
//! [substitution]
//! swap = { "e-mail" = "email", "web site" = "website" }   # words and phrases
//! # or a regex, with `$1`-style references; `group` picks the span to replace
//! find = '\S( {2,})\S'
//! replace = " "
//! group = 1
//! fix = "safe"            # safe | unsafe | display-only | none
//! ignore-case = true
//! unless = '(?i)lorem ipsum'   # skip blocks this regex matches
//! unless-language = ["fr"]     # skip documents written in these languages
//! exact-source = false         # only matches not broken by markup or line breaks
//! max-per-block = 2             # more matches in a block: deliberate formatting, skip it
//! unsafe-if = ',;|;,'           # a match this regex finds in gets its fix as unsafe
//! ```
//! Message and help may use `{match}`, `{replacement}` and, for `find`, `{1}`, `{2}`… (groups).

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::quoted::QuoteCount;
use super::{match_case, regex, FixPolicy, LazyRegex, Required, Terms};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::Document;
use crate::rule::{Check, CompileError, Context, KindTable};

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Spec {
    /// Skip any block this regex matches (e.g. text in another language).
    unless: Option<Spanned<String>>,
    /// Skip documents written in these languages (ISO 639-1 codes, as
    /// [`crate::document::language`] tells them from their function words): a convention
    /// of theirs (French's space before `: ; ! ?`), in its headings too.
    #[serde(default)]
    unless_language: Vec<Spanned<String>>,
    swap: Option<BTreeMap<String, String>>,
    find: Option<Spanned<String>>,
    replace: Option<String>,
    group: Option<usize>,
    #[serde(default)]
    fix: FixPolicy,
    #[serde(default = "yes")]
    ignore_case: bool,
    /// Only report matches that stand in the source as they read in the prose (not across
    /// markup or a line break).
    #[serde(default)]
    exact_source: bool,
    /// More matches than this in one block means deliberate formatting (aligned columns):
    /// report none of them.
    max_per_block: Option<usize>,
    /// Skip a match whose word before it is one of these (lower case): a mark after `the`
    /// or `trailing` is being named (`a trailing ,`).
    #[serde(default)]
    skip_after_words: Vec<String>,
    /// Skip a match when the text from its end matches this regex (anchored there):
    /// `b ? x : y` is a ternary.
    skip_before: Option<Spanned<String>>,
    /// Skip a match when the block's text before it matches this regex (anchored at the
    /// match): a changelog's `2024-03-01  Name` is its header's layout. Such matches still
    /// count towards `max_per_block`.
    skip_after: Option<Spanned<String>>,
    /// Skip a match whose end is a column where the nearest line above or below with text
    /// also has a word after two or more spaces: columns aligned by hand across lines (an
    /// options list, a plain-text table).
    #[serde(default)]
    skip_aligned: bool,
    /// Skip a match with one of these characters right before or right after it (a column
    /// separator: `|`). Such matches still count towards `max_per_block`: they are columns
    /// too.
    #[serde(default)]
    skip_beside: String,
    /// Skip a match with one of these characters right before it and one right after it:
    /// a gap between two of a drawing's or code's marks (`\\  /`, `_--    --_`, `*}  {*`)
    /// is between no words. Such matches still count towards `max_per_block`.
    #[serde(default)]
    skip_between: String,
    /// Skip a match longer than this many characters: a gap of four spaces or more inside
    /// a line is layout (a column, a table's cell, a diagram), not a typist's slip. Such
    /// matches still count towards `max_per_block`.
    skip_longer_than: Option<usize>,
    /// Offer a safe fix as unsafe for a match in which this regex finds something: which of
    /// two different marks was meant (`errors,;`) is a person's call.
    unsafe_if: Option<Spanned<String>>,
    /// Skip a match before the colon after a line's label (its first one to three words,
    /// after indentation and a list's mark; the line may end there) in a document that
    /// opens two lines or more so with text after the colon, and no more without the
    /// space: a definition list's convention (`Required properties :` over `- compatible :
    /// Should be "x"`), not a slip.
    #[serde(default)]
    skip_labels: bool,
}

fn yes() -> bool {
    true
}

/// Lines opened by a label from which a document keeps to the convention (`skip_labels`).
const LABELLED_LINES: usize = 2;

/// Whether `text` keeps to labelled lines with a space before the colon (`- reg : Address
/// and length`): two such lines or more, and no fewer than lines labelled without one
/// (`- reg: Address`; where those are the rule, a spaced one is the slip).
fn labelled_with_spaces(text: &str) -> bool {
    let (mut spaced, mut unspaced) = (0, 0);
    for l in text.lines() {
        let Some(colon) = l.find(':') else { continue };
        let head = l[..colon].trim_end_matches([' ', '\t']).len();
        if label_line(l, head, false) {
            if head < colon {
                spaced += 1;
            } else {
                unspaced += 1;
            }
        }
    }
    spaced >= LABELLED_LINES && spaced >= unspaced
}

/// Whether the spaces at `at` in `line` come before a colon after the line's label: one to
/// three words (no colon among them) after indentation and a list's mark, and text after
/// the colon (`- compatible : Should be "x"`, `  Phy interrupts : Each phy has`), or, with
/// `ending`, nothing after it (`Required properties :` over the list).
fn label_line(line: &str, at: usize, ending: bool) -> bool {
    let rest = line[at..].trim_start_matches([' ', '\t']);
    let Some(after) = rest.strip_prefix(':') else {
        return false;
    };
    let described = after.starts_with([' ', '\t']) && !after.trim().is_empty();
    if !(described || ending && after.trim().is_empty()) {
        return false;
    }
    let head = line[..at].trim_start();
    let head = head[crate::document::plain_list_marker(head).unwrap_or(0)..].trim_start();
    let words = head.split(' ').count();
    !head.is_empty() && words <= 3 && !head.contains([':', '\t']) && !head.contains("  ")
}

enum Matcher {
    Swap {
        terms: Terms,
        to: Vec<String>,
    },
    Regex {
        re: LazyRegex,
        /// Literals one of which every match contains: blocks without any are skipped.
        required: Required,
        replace: String,
        group: usize,
    },
}

pub(super) struct Substitution {
    matcher: Matcher,
    fix: FixPolicy,
    unless: Option<LazyRegex>,
    unless_language: Vec<&'static str>,
    exact_source: bool,
    max_per_block: Option<usize>,
    skip_aligned: bool,
    skip_beside: Vec<char>,
    skip_between: Vec<char>,
    skip_longer_than: Option<usize>,
    skip_after_words: Vec<String>,
    skip_before: Option<LazyRegex>,
    skip_after: Option<LazyRegex>,
    unsafe_if: Option<LazyRegex>,
    skip_labels: bool,
}

/// Compile a `[substitution]` table.
pub(crate) fn compile(table: &KindTable<'_>) -> Result<Box<dyn Check>, CompileError> {
    Ok(Box::new(Substitution::compile(
        table.parse()?,
        table.lazy(),
    )?))
}

impl Substitution {
    fn compile(spec: Spec, lazy: bool) -> Result<Substitution, CompileError> {
        let matcher = match (spec.swap, spec.find) {
            (Some(swap), None) => {
                let (from, to): (Vec<String>, Vec<String>) = swap.into_iter().unzip();
                Matcher::Swap {
                    terms: Terms::new(&from, spec.ignore_case),
                    to,
                }
            }
            (None, Some(find)) => {
                let re = regex(&find, lazy)?;
                let group = spec.group.unwrap_or(0);
                if re.captures_len().is_some_and(|n| group >= n) {
                    return Err(CompileError::new(
                        Some(find.span()),
                        format!("`group = {group}` but the regex has no such group"),
                    ));
                }
                let replace = spec.replace.ok_or_else(|| {
                    CompileError::new(Some(find.span()), "`find` needs a `replace`")
                })?;
                Matcher::Regex {
                    required: Required::of(re.as_str()),
                    re,
                    replace,
                    group,
                }
            }
            _ => {
                return Err(CompileError::new(
                    None,
                    "[substitution] needs exactly one of `swap` or `find`",
                ))
            }
        };
        let unless_language = super::languages(&spec.unless_language)?;
        Ok(Substitution {
            matcher,
            fix: spec.fix,
            unless: spec.unless.as_ref().map(|r| regex(r, lazy)).transpose()?,
            unless_language,
            exact_source: spec.exact_source,
            max_per_block: spec.max_per_block,
            skip_aligned: spec.skip_aligned,
            skip_beside: spec.skip_beside.chars().collect(),
            skip_between: spec.skip_between.chars().collect(),
            skip_longer_than: spec.skip_longer_than,
            skip_after_words: spec.skip_after_words,
            skip_before: spec
                .skip_before
                .as_ref()
                .map(|s| {
                    let anchored = Spanned::new(s.span(), format!("^(?:{})", s.get_ref()));
                    regex(&anchored, lazy)
                })
                .transpose()?,
            skip_after: spec
                .skip_after
                .as_ref()
                .map(|s| {
                    let anchored = Spanned::new(s.span(), format!("(?:{})$", s.get_ref()));
                    regex(&anchored, lazy)
                })
                .transpose()?,
            unsafe_if: spec
                .unsafe_if
                .as_ref()
                .map(|r| regex(r, lazy))
                .transpose()?,
            skip_labels: spec.skip_labels,
        })
    }
}

impl Check for Substitution {
    fn fixes(&self) -> bool {
        self.fix != FixPolicy::None
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        // Whether the document keeps to labelled lines (`skip_labels`): counted once, when a
        // match first needs it.
        let mut labelled: Option<bool> = None;
        for block in cx.blocks(doc) {
            let text = block.text();
            // (range, replacement, numbered capture groups for the message)
            let mut hits: Vec<(std::ops::Range<usize>, String, Vec<String>)> = Vec::new();
            match &self.matcher {
                Matcher::Swap { terms, to } => {
                    for (r, i) in terms.find_iter(text) {
                        let m = &text[r.clone()];
                        let rep = match_case(m, &to[i]);
                        if rep != m {
                            hits.push((r, rep, Vec::new()));
                        }
                    }
                }
                Matcher::Regex {
                    re,
                    required,
                    replace,
                    group,
                } => {
                    if !required.may_match(text) {
                        continue;
                    }
                    for c in re.captures_iter(text) {
                        let Some(g) = c.get(*group) else { continue };
                        let mut rep = String::new();
                        c.expand(replace, &mut rep);
                        if rep != g.as_str() {
                            let groups = c
                                .iter()
                                .skip(1)
                                .map(|m| m.map_or(String::new(), |m| m.as_str().to_string()))
                                .collect();
                            hits.push((g.range(), rep, groups));
                        }
                    }
                }
            }
            // `unless` only matters for a block with a hit (most have none): tried after.
            if hits.is_empty() || self.unless.as_ref().is_some_and(|u| u.is_match(text)) {
                continue;
            }
            if self.exact_source {
                hits.retain(|(r, _, _)| block.prose.exact_range(r.clone()).is_some());
            }
            if !self.skip_after_words.is_empty() || self.skip_before.is_some() {
                hits.retain(|(r, _, _)| {
                    let before = text[..r.start].trim_end();
                    let word_start = before.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| {
                        i + before[i..].chars().next().map_or(1, char::len_utf8)
                    });
                    let word = before[word_start..].to_lowercase();
                    let named = self.skip_after_words.contains(&word);
                    let after = &text[r.end..];
                    let code = self
                        .skip_before
                        .as_ref()
                        .is_some_and(|re| re.is_match(after));
                    !named && !code
                });
            }
            if self.max_per_block.is_some_and(|max| hits.len() > max) {
                continue;
            }
            if let Some(max) = self.skip_longer_than {
                hits.retain(|(r, _, _)| text[r.clone()].chars().count() <= max);
            }
            if let Some(re) = &self.skip_after {
                hits.retain(|(r, _, _)| !re.is_match(&text[..r.start]));
            }
            if self.skip_labels {
                hits.retain(|(r, _, _)| {
                    let line_start = text[..r.start].rfind('\n').map_or(0, |i| i + 1);
                    let line_end = text[r.end..].find('\n').map_or(text.len(), |i| r.end + i);
                    !(label_line(&text[line_start..line_end], r.start - line_start, true)
                        && *labelled.get_or_insert_with(|| labelled_with_spaces(&doc.text)))
                });
            }
            if self.skip_aligned {
                hits.retain(|(r, _, _)| !aligned(doc, block.prose.map_start(r.end)));
            }
            // The characters right before and right after a match: a column separator on
            // either side (`skip_beside`), or a drawing's marks on both (`skip_between`).
            if !self.skip_beside.is_empty() || !self.skip_between.is_empty() {
                let within = |set: &[char], c: Option<char>| c.is_some_and(|c| set.contains(&c));
                hits.retain(|(r, _, _)| {
                    let (before, after) = (
                        text[..r.start].chars().next_back(),
                        text[r.end..].chars().next(),
                    );
                    let (beside, between) = (&self.skip_beside[..], &self.skip_between[..]);
                    !(within(beside, before)
                        || within(beside, after)
                        || within(between, before) && within(between, after))
                });
            }
            // A safe fix that changes more than spacing is a person's call inside a
            // quotation: the marks there may be the quoted text's own (a quoted MIME type's
            // `;;`). Counted forward with the hits, which come in order.
            let mut quotes = QuoteCount::default();
            // The document's language (told once, when a block first has a hit that every
            // other test left), or the block's.
            if !hits.is_empty() && super::skipped_language(doc, block, &self.unless_language) {
                continue;
            }
            for (r, rep, groups) in hits {
                let spacing_only = |s: &str| s.chars().all(char::is_whitespace);
                let quoted = self.fix.applicability() == Some(Applicability::Safe)
                    && !(spacing_only(&text[r.clone()]) && spacing_only(&rep))
                    && {
                        quotes.advance(text, r.start);
                        quotes.inside()
                    };
                let span = block.prose.map_range(r.clone());
                let exact = block.prose.exact_range(r.clone());
                let names: Vec<String> = (1..=groups.len()).map(|i| i.to_string()).collect();
                let mut vars: Vec<(&str, &str)> =
                    vec![("match", &text[r.clone()]), ("replacement", &rep)];
                vars.extend(
                    names
                        .iter()
                        .map(String::as_str)
                        .zip(groups.iter().map(String::as_str)),
                );
                let d = cx.report(span, &vars);
                if let (Some(app), Some(range)) = (self.fix.applicability(), exact) {
                    let doubtful = app == Applicability::Safe
                        && self
                            .unsafe_if
                            .as_ref()
                            .is_some_and(|re| re.is_match(&text[r.clone()]));
                    let (app, quoted) = if quoted {
                        (Applicability::Unsafe, " (inside a quotation)")
                    } else if doubtful {
                        (Applicability::Unsafe, " (a person's call)")
                    } else {
                        (app, "")
                    };
                    let title = if let Some(h) = &d.help {
                        h.clone()
                    } else if rep.trim().is_empty() && !rep.is_empty() {
                        "replace with a single space".to_string()
                    } else if rep.is_empty() {
                        "remove it".to_string()
                    } else {
                        format!("replace with `{rep}`")
                    };
                    let title = format!("{title}{quoted}");
                    d.fix = Edit::checked(&doc.text, range, rep).map(|e| Fix::one(title, app, e));
                }
            }
        }
    }
}

/// Whether the source offset `at` (where a word starts after a gap) is a column at which
/// the nearest line above or below with text also has a word after two or more spaces, or
/// (for a colon or an equals sign) one of the three nearest above or below the same
/// separator.
fn aligned(doc: &Document, at: usize) -> bool {
    let lines = &doc.lines;
    let line = lines.line_of(at);
    let col = lines.chars_between(&doc.text, lines.line_start(line), at);
    // A gap that is the line's indentation is no column (`template\n    , called`).
    if col < 2 || doc.text[lines.line_start(line)..at].trim().is_empty() {
        return false;
    }
    // Columns on screen, as a terminal shows tabs (to the next multiple of eight): a table
    // set with tabs and spaces (Vim's `|x|\tN  x\t\tdelete N characters`) lines up there,
    // not by characters.
    let visual = |text: &str| {
        text.chars()
            .fold(0, |c, ch| if ch == '\t' { (c / 8 + 1) * 8 } else { c + 1 })
    };
    let here_col = visual(&doc.text[lines.line_start(line)..at]);
    // What starts there: a word, or the same mark (`(` under `(`), after two spaces or a
    // tab; a bullet or a rule of page furniture (`*     *`) lining up by chance is not a
    // column.
    let here = doc.text[at..].chars().next().unwrap_or(' ');
    let starts_word = |c: char| c.is_alphanumeric() || c == here;
    // By characters (as a text's author aligned it in an editor that shows tabs otherwise),
    // or on screen.
    let column_starts_word = |l: usize| {
        let r = lines.line_range(&doc.text, l);
        let mut chars = doc.text[r].chars().skip(col - 2);
        matches!(
            (chars.next(), chars.next(), chars.next()),
            (Some(' '), Some(' '), Some(c)) if starts_word(c)
        )
    };
    let shown_column_starts_word = |l: usize| {
        let (mut c, mut before) = (0, [None, None]);
        for ch in doc.text[lines.line_range(&doc.text, l)].chars() {
            if c == here_col {
                return starts_word(ch) && (before[1] == Some('\t') || before == [Some(' '); 2]);
            }
            if c > here_col {
                return false;
            }
            c = if ch == '\t' { (c / 8 + 1) * 8 } else { c + 1 };
            before = [before[1], Some(ch)];
        }
        false
    };
    // Or a field's separator lined up with the same separator (`Moderated   : yes` over
    // `Subscription: open`, `x     = 1` over `total = 2`): labels aligned on their colons;
    // or a comparison (`Jinja2   >= 2.2` under `Docutils >= 0.5`: pinned versions aligned
    // on their operators). A separator, not one of a pair (reStructuredText's
    // `.. rubric::`): the same marks, not after another of them, then a space or the line's
    // end.
    let sep = {
        let t = &doc.text[at..];
        &t[..t
            .find(|c| !matches!(c, ':' | '=' | '<' | '>' | '!' | '~'))
            .unwrap_or(t.len())]
    };
    let separator = matches!(
        sep,
        ":" | "=" | ">=" | "<=" | "==" | "!=" | "~=" | ">" | "<"
    );
    let same_separator = |l: usize| {
        let mut chars = doc.text[lines.line_range(&doc.text, l)].chars();
        if col > 1 {
            chars.nth(col - 2);
        }
        let before = if col == 0 { None } else { chars.next() };
        let rest = chars.as_str();
        separator
            && before.is_none_or(|b| !sep.starts_with(b))
            && rest.starts_with(sep)
            && rest[sep.len()..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace)
    };
    // Or a hanging indent: the nearest line's text starts, after its indentation, in the
    // column the gap's word starts in (a definition list, `backspace   When hitting …`
    // over `            deleting results …`).
    let hangs_there = |l: usize| {
        let t = &doc.text[lines.line_range(&doc.text, l)];
        let rest = t.trim_start();
        rest.starts_with(char::is_alphanumeric) && visual(&t[..t.len() - rest.len()]) == here_col
    };
    let blank = |l: usize| doc.text[lines.line_range(&doc.text, l)].trim().is_empty();
    let mut above = (0..line).rev().filter(|&l| !blank(l));
    let mut below = (line + 1..lines.line_count()).filter(|&l| !blank(l));
    let (up, down) = (above.next(), below.next());
    let lines_up =
        |l: usize| column_starts_word(l) || shown_column_starts_word(l) || hangs_there(l);
    if up.is_some_and(lines_up) || down.is_some_and(lines_up) {
        return true;
    }
    // A field's value may wrap onto a line or two of its own before the next field.
    [
        up,
        above.next(),
        above.next(),
        down,
        below.next(),
        below.next(),
    ]
    .into_iter()
    .flatten()
    .any(same_separator)
}

#[cfg(test)]
mod tests {
    use crate::kinds::test_util::{rule, run};

    /// A label is a line's first one to three words, after a list's mark; its colon has a
    /// description after it, or ends the line where that is allowed.
    #[test]
    fn labels_open_lines() {
        use super::{label_line, labelled_with_spaces};
        assert!(label_line("- compatible : Should be x", 12, false));
        assert!(label_line("  Phy interrupts : Each phy has", 16, false));
        assert!(label_line("Required properties :", 19, true));
        assert!(!label_line("Required properties :", 19, false));
        assert!(!label_line("The mayor said that : no", 19, false));
        assert!(!label_line("- reg : ", 5, false));
        assert!(labelled_with_spaces("- compatible : x\n- reg : y\n"));
        assert!(!labelled_with_spaces("- compatible : x\n"));
        assert!(!labelled_with_spaces(
            "- compatible : x\n- reg : y\n- a: b\n- c: d\n- e: f\n"
        ));
    }

    /// A gap is a column when the nearest line with text above or below starts a word
    /// (or the same mark) after two or more spaces in the same column.
    /// `unless-language` skips a document in a listed language, headings too; an unknown
    /// code is an error at its place in the rule file.
    #[test]
    fn documents_in_a_listed_language_are_skipped() {
        let table = |codes: &str| {
            rule(
                &format!("[substitution]\nfind = '\\w( )[?]'\ngroup = 1\nreplace = ''\nunless-language = {codes}"),
                "why⟦ ⟧?",
                "why?",
            )
        };
        let french = "# Pourquoi ce livre ?\n\nLes administrateurs qui utilisent Debian sont nombreux, et nous avons écrit ce livre pour eux.\n";
        let english = "# Why this book ?\n\nThe administrators who use Debian are many, and this book was written for them.\n";
        assert!(run(&table("[\"fr\"]"), french).1.is_empty());
        assert_eq!(run(&table("[\"fr\"]"), english).1.len(), 1);
        assert_eq!(run(&table("[]"), french).1.len(), 1);
        let err = crate::registry::load_source("test/rule", "test.toml", &table("[\"xx\"]"))
            .map(|_| ())
            .expect_err("an unknown language is an error");
        assert!(err.to_string().contains("unknown language `xx`"), "{err}");
    }

    #[test]
    fn aligned_columns_are_skipped() {
        let r = rule(
            "[substitution]\nfind = '\\w( {2,})\\w'\ngroup = 1\nreplace = ' '\nskip-aligned = true",
            "a⟦  ⟧b",
            "a b",
        );
        let (_, out) = run(&r, "-c       compact output\n\n-n       null input\n");
        assert!(out.is_empty());
        let (_, out) = run(&r, "-c       compact output\n\n-n   null input\n");
        assert_eq!(out.len(), 2);
        let (_, out) = run(&r, "The mayor  said no.\n*  *  *\n");
        assert_eq!(out.len(), 1);
        // A hanging indent: the next line's text starts in the gap's column, tabs counted
        // to the next multiple of eight (`\tbackspace   When …` over `\t\t    deleting …`).
        let (_, out) = run(
            &r,
            "\tbackspace   When hitting a key\n\t\t    deleting results\n",
        );
        assert!(out.is_empty());
        let (_, out) = run(&r, "The mayor  said no\nand then she left.\n");
        assert_eq!(out.len(), 1);
        // Columns on screen, tabs to the next multiple of eight: `x` and `X` both start in
        // column 11 (by characters, 7 and 10).
        let (_, out) = run(&r, "|x|\tN  x\tdelete\n\n|X|     N  X\tdelete before\n");
        assert!(out.is_empty(), "{out:?}");
        let (_, out) = run(&r, "|x|\tN  x\tdelete\n\n|X|      N  X\tdelete before\n");
        assert_eq!(out.len(), 2);
    }

    /// Each finding's fix on `text`: its applicability and title.
    fn fixes_on(rule_toml: &str, text: &str) -> Vec<(crate::diagnostic::Applicability, String)> {
        run(rule_toml, text)
            .1
            .iter()
            .map(|d| {
                let f = d.fix.as_ref().unwrap();
                (f.applicability, f.title.clone())
            })
            .collect()
    }

    /// Inside a quotation a safe fix that changes a mark (`;;` → `;`) is offered as unsafe:
    /// the marks may be the quoted text's own; one that changes only spacing stays safe.
    #[test]
    fn inside_a_quotation_only_spacing_fixes_stay_safe() {
        use crate::diagnostic::Applicability;
        let doubled = rule(
            "[substitution]\nfind = '([,;])[,;]+'\nreplace = '$1'\nfix = 'safe'",
            "a⟦,,⟧ b",
            "a, b",
        );
        let found = fixes_on(
            &doubled,
            "Set it to \"application/pdf;;;\" first;; then “wait,, here”.",
        );
        assert_eq!(
            found.iter().map(|f| f.0).collect::<Vec<_>>(),
            [
                Applicability::Unsafe,
                Applicability::Safe,
                Applicability::Unsafe
            ]
        );
        assert!(found[0].1.ends_with("(inside a quotation)"), "{found:?}");
        let spaces = rule(
            "[substitution]\nfind = '\\S( {2,})\\S'\nreplace = ' '\ngroup = 1\nfix = 'safe'",
            "a⟦  ⟧b",
            "a b",
        );
        assert_eq!(
            fixes_on(&spaces, "He said \"one  two\" then.")[0].0,
            Applicability::Safe
        );
    }

    /// A match `unsafe-if` finds something in gets its safe fix as unsafe, with the reason
    /// in its title; other matches keep theirs.
    #[test]
    fn unsafe_if_makes_a_doubtful_fix_unsafe() {
        use crate::diagnostic::Applicability;
        let doubled = rule(
            "[substitution]\nfind = '([,;])[,;]+'\nreplace = '$1'\nfix = 'safe'\nunsafe-if = ',;|;,'",
            "a⟦,,⟧ b",
            "a, b",
        );
        let found = fixes_on(&doubled, "Apples,, pears;, and errors,; then.");
        assert_eq!(
            found.iter().map(|f| f.0).collect::<Vec<_>>(),
            [
                Applicability::Safe,
                Applicability::Unsafe,
                Applicability::Unsafe
            ]
        );
        assert!(found[1].1.ends_with("(a person's call)"), "{found:?}");
    }

    #[test]
    fn swap_keeps_case_and_fixes() {
        let r = rule(
            "[substitution]\nswap = { \"e-mail\" = \"email\" }",
            "⟦e-mail⟧",
            "email",
        );
        let (doc, out) = run(&r, "E-mail us, or e-mail them.");
        assert_eq!(out.len(), 2);
        let f = out[0].fix.as_ref().unwrap();
        assert_eq!(f.edits[0].replacement, "Email");
        assert_eq!(&doc.text[out[1].span.range()], "e-mail");
    }

    #[test]
    fn regex_group_replacement() {
        let r = rule(
            "[substitution]\nfind = '\\S( {2,})\\S'\nreplace = ' '\ngroup = 1",
            "a⟦  ⟧b",
            "a b",
        );
        let (_, out) = run(&r, "one  two   three");
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].span.range(), 8..11);
    }

    #[test]
    fn no_fix_across_markup() {
        let r = rule(
            "[substitution]\nswap = { \"web site\" = \"website\" }",
            "⟦web site⟧",
            "website",
        );
        let (doc, out) = run(&r, "the *web* site");
        assert_eq!(out.len(), 1);
        assert_eq!(&doc.text[out[0].span.range()], "web* site");
        assert!(
            out[0].fix.is_none(),
            "an edit across emphasis markers would clobber them"
        );
    }
}
