//! Declarative rule kinds, one file each: each exports `compile(&KindTable)`. The kind
//! table's name is mapped to its compiler in [`crate::registry`], nowhere else.

pub(crate) mod capitalization;
pub(crate) mod conditional;
pub(crate) mod consistency;
pub(crate) mod occurrence;
pub(crate) mod pattern;
mod quoted;
pub(crate) mod repetition;
mod required;
pub(crate) mod substitution;
mod terms;

use serde::Deserialize;

use crate::diagnostic::Applicability;
use crate::rule::CompileError;

use required::Required;
pub use terms::Terms;

/// A rule's regex, compiled now or when first used ([`KindTable::lazy`]): compiling a
/// shipped pack's regexes was most of start-up, and a run over a few files uses few of
/// them (a [`Required`] literal screens most blocks out before their rule's regex runs).
/// Dereferences to the compiled [`regex::Regex`]; its source is known without compiling it.
///
/// [`KindTable::lazy`]: crate::rule::KindTable::lazy
pub(crate) struct LazyRegex {
    source: String,
    /// Capture groups, the whole match's included ([`regex::Regex::captures_len`]): known
    /// once compiled.
    groups: Option<usize>,
    compiled: std::sync::OnceLock<regex::Regex>,
}

impl LazyRegex {
    /// The pattern as written.
    pub(crate) fn as_str(&self) -> &str {
        &self.source
    }

    /// Capture groups, the whole match's included, if compiled already (a regex left for
    /// later is a shipped rule's, checked by the test suite).
    pub(crate) fn captures_len(&self) -> Option<usize> {
        self.groups
    }
}

impl std::ops::Deref for LazyRegex {
    type Target = regex::Regex;

    fn deref(&self) -> &regex::Regex {
        self.compiled.get_or_init(|| {
            // Only a shipped rule's regex waits, and every one of those is compiled by
            // the test suite (`every_shipped_rule_compiles_at_once`).
            regex::Regex::new(&self.source).expect("a shipped rule's regex compiles")
        })
    }
}

/// Compile a rule's regex, pointing at it on error; if `lazy`, when first used instead
/// (a shipped rule's, whose every regex the test suite compiles: nothing to check now).
fn regex(src: &toml::Spanned<String>, lazy: bool) -> Result<LazyRegex, CompileError> {
    let source = src.get_ref().clone();
    if lazy {
        return Ok(LazyRegex {
            source,
            groups: None,
            compiled: std::sync::OnceLock::new(),
        });
    }
    let re = regex::Regex::new(&source).map_err(|e| {
        // The syntax error's last line says what is wrong; the span already shows where.
        let text = e.to_string();
        let why = text
            .lines()
            .last()
            .unwrap_or(&text)
            .trim()
            .trim_start_matches("error: ")
            .to_string();
        CompileError::new(Some(src.span()), format!("invalid regex: {why}"))
    })?;
    Ok(LazyRegex {
        source,
        groups: Some(re.captures_len()),
        compiled: std::sync::OnceLock::from(re),
    })
}

/// `fix = "safe" | "unsafe" | "display-only" | "none"` in a kind table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum FixPolicy {
    #[default]
    Safe,
    Unsafe,
    DisplayOnly,
    None,
}

impl FixPolicy {
    pub fn applicability(self) -> Option<Applicability> {
        match self {
            FixPolicy::Safe => Some(Applicability::Safe),
            FixPolicy::Unsafe => Some(Applicability::Unsafe),
            FixPolicy::DisplayOnly => Some(Applicability::DisplayOnly),
            FixPolicy::None => None,
        }
    }
}

/// Give `replacement` the case pattern of `matched` (`Color` → `Colour`, `COLOR` → `COLOUR`).
pub fn match_case(matched: &str, replacement: &str) -> String {
    let letters: Vec<char> = matched.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return replacement.to_uppercase();
    }
    if matched.chars().next().is_some_and(char::is_uppercase) {
        let mut c = replacement.chars();
        if let Some(f) = c.next() {
            return f.to_uppercase().chain(c).collect();
        }
    }
    replacement.to_string()
}

/// `unless-language`: the languages whose documents a rule skips (ISO 639-1 codes, as
/// [`crate::document::language`] tells them from their function words); an unknown code is
/// an error at its place in the rule file.
fn languages(codes: &[toml::Spanned<String>]) -> Result<Vec<&'static str>, CompileError> {
    use crate::document::language::CODES;
    codes
        .iter()
        .map(|code| {
            CODES
                .into_iter()
                .find(|c| c == code.get_ref())
                .ok_or_else(|| {
                    CompileError::new(
                        Some(code.span()),
                        format!(
                            "unknown language `{}` (known: {})",
                            code.get_ref(),
                            CODES.join(", ")
                        ),
                    )
                })
        })
        .collect()
}

/// Whether `doc`, or `block` of it, is written in one of `skipped` (`unless-language`): a
/// translation may keep some pages mostly in the original's language. Told only when the
/// list has any.
fn skipped_language(
    doc: &crate::document::Document,
    block: &crate::document::Block,
    skipped: &[&'static str],
) -> bool {
    use crate::document::language;
    !skipped.is_empty()
        && (skipped.contains(&language::of(doc))
            || skipped.contains(&language::detect(
                block.words.iter().map(|w| &block.text()[w.range()]),
            )))
}

#[cfg(test)]
pub(crate) mod test_util {
    use crate::diagnostic::{Diagnostic, Severity};
    use crate::document::{Document, Format};
    use crate::registry::load_source;
    use crate::rule::{RuleSet, Style};

    /// Load a rule from TOML text and run it on `text` (Markdown); returns the diagnostics.
    pub(crate) fn run(rule_toml: &str, text: &str) -> (Document, Vec<Diagnostic>) {
        let rule =
            load_source("test/rule", "test.toml", rule_toml).unwrap_or_else(|e| panic!("{e}"));
        let doc = Document::parse("t.md", text.to_string(), Format::Markdown);
        let set = RuleSet::new(vec![rule]);
        let out =
            crate::engine::check_document(&doc, &set, &[(0, Severity::Warning)], &Style::default());
        (doc, out)
    }

    /// The flagged texts.
    pub(crate) fn flagged(rule_toml: &str, text: &str) -> Vec<String> {
        let (doc, out) = run(rule_toml, text);
        out.iter()
            .map(|d| doc.text[d.span.range()].to_string())
            .collect()
    }

    /// A rule file around a kind table, with a trivially passing example pair.
    pub(crate) fn rule(kind_table: &str, bad: &str, good: &str) -> String {
        format!(
            "summary = \"s\"\nseverity = \"warning\"\nmessage = \"m `{{match}}`\"\ndocs = \"d\"\n{kind_table}\n[[example]]\nbad = '''{bad}'''\n[[example]]\ngood = '''{good}'''\n"
        )
    }
}
