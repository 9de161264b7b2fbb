//! Rule files → [`Rule`]s. The id is the file's path under its rules folder without
//! `.toml`; the kind is the one kind table present. Every error points into the file.

use std::fmt;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{Example, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::document::BlockKind;
use crate::kinds;

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// A rule file that could not be loaded, with the span of the offending TOML.
#[derive(Debug, Clone)]
pub struct LoadError {
    /// The file as shown to the user.
    pub path: String,
    /// The file's text, for rendering the span (empty when unreadable).
    pub source_text: String,
    pub span: Option<Range<usize>>,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for LoadError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RuleFile {
    summary: String,
    severity: Spanned<String>,
    message: String,
    help: Option<String>,
    label: Option<String>,
    scope: Option<Spanned<Vec<Spanned<String>>>>,
    docs: String,
    #[serde(default = "yes")]
    enabled: bool,
    #[serde(default)]
    example: Vec<Spanned<ExampleSpec>>,
    // The kind tables: exactly one must be present.
    pattern: Option<Spanned<toml::Table>>,
    substitution: Option<Spanned<toml::Table>>,
    repetition: Option<Spanned<toml::Table>>,
    consistency: Option<Spanned<toml::Table>>,
    capitalization: Option<Spanned<toml::Table>>,
    occurrence: Option<Spanned<toml::Table>>,
    conditional: Option<Spanned<toml::Table>>,
    builtin: Option<Spanned<toml::Table>>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleSpec {
    bad: Option<String>,
    good: Option<String>,
    fixed: Option<String>,
    /// File name for the example document (its extension picks the format); `example.md`.
    file: Option<String>,
    /// `[style]` settings for this example.
    style: Option<super::Style>,
}

/// Default scope for rules that do not name one: all running text.
const DEFAULT_SCOPE: [&str; 6] = [
    "title",
    "deck",
    "heading",
    "paragraph",
    "list-item",
    "blockquote",
];

/// Load one rule from its TOML text. `id` is `family/name`; `shown_path` names the file in errors.
pub fn load_source(id: &str, shown_path: &str, text: &str) -> Result<Rule, LoadError> {
    let err = |span: Option<Range<usize>>, message: String| LoadError {
        path: shown_path.to_string(),
        source_text: text.to_string(),
        span,
        message,
    };
    if !valid_id(id) {
        return Err(err(
            None,
            format!(
                "rule id `{id}` (from the file path) must be `family/name` in lowercase kebab-case"
            ),
        ));
    }
    let file: RuleFile =
        toml::from_str(text).map_err(|e| err(e.span(), e.message().to_string()))?;

    let severity = Severity::parse(file.severity.get_ref()).ok_or_else(|| {
        err(
            Some(file.severity.span()),
            format!(
                "unknown severity `{}`; expected `error`, `warning` or `info`",
                file.severity.get_ref()
            ),
        )
    })?;

    let scope = match &file.scope {
        None => DEFAULT_SCOPE.to_vec(),
        Some(list) => {
            let mut out = Vec::new();
            for s in list.get_ref() {
                let name = BlockKind::SCOPES
                    .iter()
                    .find(|k| **k == s.get_ref())
                    .ok_or_else(|| {
                        err(
                            Some(s.span()),
                            format!(
                                "unknown scope `{}`; expected one of {}",
                                s.get_ref(),
                                BlockKind::SCOPES.join(", ")
                            ),
                        )
                    })?;
                out.push(*name);
            }
            out
        }
    };

    let tables = [
        ("pattern", &file.pattern),
        ("substitution", &file.substitution),
        ("repetition", &file.repetition),
        ("consistency", &file.consistency),
        ("capitalization", &file.capitalization),
        ("occurrence", &file.occurrence),
        ("conditional", &file.conditional),
        ("builtin", &file.builtin),
    ];
    let present: Vec<_> = tables
        .iter()
        .filter_map(|(n, t)| t.as_ref().map(|t| (*n, t)))
        .collect();
    let (kind, table) = match present.as_slice() {
        [one] => *one,
        [] => {
            return Err(err(
                Some(0..0),
                format!(
                    "no kind table; add exactly one of {}",
                    tables
                        .iter()
                        .map(|(n, _)| format!("[{n}]"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ))
        }
        [(first, _), (second, t), ..] => {
            return Err(err(
                Some(t.span()),
                format!(
                    "a rule has exactly one kind table, but this file has [{first}] and [{second}]"
                ),
            ))
        }
    };

    let compiled = kinds::compile(kind, table.get_ref().clone(), text)
        .map_err(|(span, message)| err(Some(span.unwrap_or(table.span())), message))?;

    let mut examples = Vec::new();
    for ex in &file.example {
        let spec = ex.get_ref();
        let e = match (&spec.bad, &spec.good) {
            (Some(bad), None) => Example::bad(bad, spec.fixed.clone()),
            (None, Some(good)) if spec.fixed.is_none() => Example::good(good),
            (None, Some(_)) => {
                return Err(err(
                    Some(ex.span()),
                    "`fixed` belongs to a `bad` example".into(),
                ))
            }
            _ => {
                return Err(err(
                    Some(ex.span()),
                    "an example has exactly one of `bad` or `good`".into(),
                ))
            }
        };
        let e = Example {
            file: spec.file.clone(),
            style: spec.style.clone().unwrap_or_default(),
            ..e
        };
        if let Err(why) = e.validate_markers() {
            return Err(err(Some(ex.span()), why));
        }
        if e.fixed.is_some() && !compiled.fixable {
            return Err(err(
                Some(ex.span()),
                "`fixed` given but this rule offers no fix".into(),
            ));
        }
        examples.push(e);
    }
    if !examples.iter().any(Example::is_bad) || !examples.iter().any(|e| !e.is_bad()) {
        let span = file.example.first().map_or(0..0, |e| e.span());
        return Err(err(
            Some(span),
            "every rule needs at least one `bad` and one `good` [[example]]".into(),
        ));
    }

    let meta = RuleMeta {
        id: id.to_string(),
        summary: file.summary,
        severity,
        message: file.message,
        help: file.help,
        label: file.label,
        scope,
        docs: file.docs,
        examples,
        kind: compiled.kind,
        fixable: compiled.fixable,
        enabled: file.enabled,
        source: shown_path.to_string(),
    };
    Ok(Rule {
        meta,
        check: compiled.check,
    })
}

fn valid_id(id: &str) -> bool {
    let parts: Vec<&str> = id.split('/').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !p.starts_with('-')
        })
}

/// Rule id for a path relative to its rules folder: `quotes/x.toml` → `quotes/x`.
fn id_for(rel: &str) -> String {
    rel.strip_suffix(".toml").unwrap_or(rel).replace('\\', "/")
}

/// The built-in packs embedded at build time.
pub fn load_embedded() -> Result<Vec<Rule>, Vec<LoadError>> {
    collect(
        EMBEDDED
            .iter()
            .map(|(rel, text)| (id_for(rel), format!("rules/{rel}"), Ok((*text).to_string()))),
    )
}

/// Every `*.toml` below `dir`; ids are paths relative to `dir`.
pub fn load_dir(dir: &Path) -> Result<Vec<Rule>, Vec<LoadError>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| {
            vec![LoadError {
                path: d.display().to_string(),
                source_text: String::new(),
                span: None,
                message: format!("cannot read rules folder: {e}"),
            }]
        })?;
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "toml") {
                files.push(p);
            }
        }
    }
    files.sort();
    collect(files.into_iter().map(|p| {
        let rel = p
            .strip_prefix(dir)
            .unwrap_or(&p)
            .to_string_lossy()
            .to_string();
        let text = std::fs::read_to_string(&p).map_err(|e| e.to_string());
        (id_for(&rel), p.display().to_string(), text)
    }))
}

fn collect(
    items: impl Iterator<Item = (String, String, Result<String, String>)>,
) -> Result<Vec<Rule>, Vec<LoadError>> {
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for (id, shown, text) in items {
        match text {
            Ok(text) => match load_source(&id, &shown, &text) {
                Ok(r) => rules.push(r),
                Err(e) => errors.push(e),
            },
            Err(e) => errors.push(LoadError {
                path: shown,
                source_text: String::new(),
                span: None,
                message: e,
            }),
        }
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"
summary = "s"
severity = "warning"
message = "m `{match}`"
docs = "d"
[pattern]
tokens = ["foo"]
[[example]]
bad = "a ⟦foo⟧"
[[example]]
good = "a bar"
"#;

    #[test]
    fn loads_a_rule() {
        let r = load_source("house/foo", "foo.toml", OK).unwrap();
        assert_eq!(r.meta.id, "house/foo");
        assert_eq!(r.meta.kind, "pattern");
        assert_eq!(r.meta.examples.len(), 2);
    }

    #[test]
    fn unknown_key_points_at_it() {
        let text = OK.replace("docs = \"d\"", "docs = \"d\"\nsevrity = 1");
        let e = load_source("house/foo", "foo.toml", &text).unwrap_err();
        assert!(
            e.message.contains("unknown field `sevrity`"),
            "{}",
            e.message
        );
        assert_eq!(&text[e.span.unwrap()], "sevrity");
    }

    #[test]
    fn two_kind_tables_are_an_error() {
        let text = OK.replace("[pattern]", "[repetition]\n[pattern]");
        let e = load_source("house/foo", "foo.toml", &text).unwrap_err();
        assert!(
            e.message.contains("exactly one kind table"),
            "{}",
            e.message
        );
    }

    #[test]
    fn bad_regex_points_at_it() {
        let text = OK.replace("tokens = [\"foo\"]", "regex = [\"fo(o\"]");
        let e = load_source("house/foo", "foo.toml", &text).unwrap_err();
        assert!(e.message.contains("invalid regex"), "{}", e.message);
        assert_eq!(&text[e.span.unwrap()], "\"fo(o\"");
    }

    #[test]
    fn missing_good_example_is_an_error() {
        let text = OK.replace("[[example]]\ngood = \"a bar\"", "");
        let e = load_source("house/foo", "foo.toml", &text).unwrap_err();
        assert!(
            e.message.contains("at least one `bad` and one `good`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn ids_must_be_family_slash_name() {
        assert!(load_source("Foo", "Foo.toml", OK).is_err());
        assert!(valid_id("quotes/space-before-opening"));
    }
}
