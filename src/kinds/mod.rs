//! Declarative rule kinds, one file each. This is the only place that maps a kind table's
//! name to its compiler.

mod capitalization;
mod conditional;
mod consistency;
mod occurrence;
mod pattern;
mod repetition;
mod substitution;
mod terms;

use std::ops::Range;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::diagnostic::Applicability;
use crate::rule::Check;

pub use terms::Terms;

/// A compiled kind table.
pub struct Compiled {
    pub kind: String,
    pub fixable: bool,
    pub check: Box<dyn Check>,
}

/// An error inside a kind table: the span in the rule file (when known) and a message.
pub type KindError = (Option<Range<usize>>, String);

/// Compile the kind table `kind` of the rule file `text`.
pub fn compile(kind: &str, table: toml::Table, text: &str) -> Result<Compiled, KindError> {
    let (check, fixable): (Box<dyn Check>, bool) = match kind {
        "pattern" => (
            Box::new(pattern::Pattern::compile(
                parse::<pattern::File>(text)?.pattern,
            )?),
            false,
        ),
        "substitution" => {
            let s = substitution::Substitution::compile(
                parse::<substitution::File>(text)?.substitution,
            )?;
            let fixable = s.fixable();
            (Box::new(s), fixable)
        }
        "repetition" => (
            Box::new(repetition::Repetition::compile(
                parse::<repetition::File>(text)?.repetition,
            )?),
            true,
        ),
        "consistency" => {
            let c =
                consistency::Consistency::compile(parse::<consistency::File>(text)?.consistency)?;
            let fixable = c.fixable();
            (Box::new(c), fixable)
        }
        "capitalization" => (
            Box::new(capitalization::Capitalization::compile(
                parse::<capitalization::File>(text)?.capitalization,
            )?),
            false,
        ),
        "occurrence" => (
            Box::new(occurrence::Occurrence::compile(
                parse::<occurrence::File>(text)?.occurrence,
            )?),
            false,
        ),
        "conditional" => (
            Box::new(conditional::Conditional::compile(
                parse::<conditional::File>(text)?.conditional,
            )?),
            false,
        ),
        "builtin" => {
            let b = crate::builtin::create(table)?;
            return Ok(Compiled {
                kind: format!("builtin:{}", b.name),
                fixable: b.fixable,
                check: b.check,
            });
        }
        other => return Err((None, format!("unknown kind `{other}`"))),
    };
    Ok(Compiled {
        kind: kind.to_string(),
        fixable,
        check,
    })
}

/// Deserialize the rule file again into a kind's typed wrapper, keeping spans.
fn parse<T: DeserializeOwned>(text: &str) -> Result<T, KindError> {
    toml::from_str(text).map_err(|e| (e.span(), e.message().to_string()))
}

/// Compile a user regex, pointing at it on error.
fn regex(src: &toml::Spanned<String>) -> Result<regex::Regex, KindError> {
    regex::Regex::new(src.get_ref()).map_err(|e| {
        // The syntax error's last line says what is wrong; the span already shows where.
        let text = e.to_string();
        let why = text
            .lines()
            .last()
            .unwrap_or(&text)
            .trim()
            .trim_start_matches("error: ")
            .to_string();
        (Some(src.span()), format!("invalid regex: {why}"))
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

#[cfg(test)]
pub(crate) mod test_util {
    use crate::diagnostic::{Diagnostic, Severity};
    use crate::document::{Document, Format};
    use crate::rule::{load_source, run_rule, Style};

    /// Load a rule from TOML text and run it on `text` (Markdown); returns the diagnostics.
    pub(crate) fn run(rule_toml: &str, text: &str) -> (Document, Vec<Diagnostic>) {
        let rule =
            load_source("test/rule", "test.toml", rule_toml).unwrap_or_else(|e| panic!("{e}"));
        let doc = Document::parse("t.md", text.to_string(), Format::Markdown);
        let out = run_rule(&rule, Severity::Warning, &doc, &Style::default());
        (doc, out)
    }

    /// The flagged texts.
    pub(crate) fn flagged(rule_toml: &str, text: &str) -> Vec<String> {
        let (doc, out) = run(rule_toml, text);
        out.iter()
            .map(|d| doc.text[d.span.clone()].to_string())
            .collect()
    }

    /// A rule file around a kind table, with a trivially passing example pair.
    pub(crate) fn rule(kind_table: &str, bad: &str, good: &str) -> String {
        format!(
            "summary = \"s\"\nseverity = \"warning\"\nmessage = \"m `{{match}}`\"\ndocs = \"d\"\n{kind_table}\n[[example]]\nbad = '''{bad}'''\n[[example]]\ngood = '''{good}'''\n"
        )
    }
}
