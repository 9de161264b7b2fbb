//! A rule file parsed once into a typed [`RuleSpec`]: the header every rule has, its one
//! kind table (still unparsed: the kind's compiler reads it), and its examples. The TOML is
//! parsed a single time and every value keeps its span, so any later error — in the header,
//! in a kind's parameters, in an example — points into the file.

use std::ops::Range;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::error::{CompileError, LoadError, LoadErrorKind};
use super::example::Example;
use super::scope::Scope;
use super::style::Style;
use crate::diagnostic::Severity;
use crate::id::RuleId;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawHeader {
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
    example: Vec<Spanned<RawExample>>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExample {
    bad: Option<String>,
    good: Option<String>,
    fixed: Option<String>,
    /// File name for the example document (its extension picks the format); `example.md`.
    file: Option<String>,
    /// Paths of the documents of a several-document example (`=====` between them), in
    /// order; by default each is `doc-N/` + `file`.
    #[serde(default)]
    files: Vec<String>,
    /// `[style]` settings for this example.
    style: Option<Style>,
}

/// A kind table (or a built-in's parameters) as written, with its span: parsed by the
/// kind's compiler into its own typed parameters.
#[derive(Debug, Clone)]
pub struct KindTable<'a> {
    value: Spanned<DeValue<'a>>,
    /// Whether the kind may compile its regexes when first used ([`KindTable::lazy`]).
    lazy: bool,
}

impl<'a> KindTable<'a> {
    /// Whether the kind's regexes may be compiled when first used rather than now: a
    /// shipped rule file, as shipped (a test compiles its every regex), whose syntax is
    /// still checked now. A user's rule, or a shipped one with a config's options, is
    /// compiled now, so that any error is reported when it loads.
    pub fn lazy(&self) -> bool {
        self.lazy
    }

    /// Let the kind compile its regexes when first used ([`KindTable::lazy`]).
    pub(crate) fn set_lazy(&mut self, lazy: bool) {
        self.lazy = lazy;
    }

    /// The table's span in the rule file.
    pub fn span(&self) -> Range<usize> {
        self.value.span()
    }

    /// Deserialize the table into a kind's parameters; errors keep their span.
    ///
    /// # Errors
    /// The table does not have the shape of `T` (an unknown key, a wrong type).
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, CompileError> {
        T::deserialize(toml::de::ValueDeserializer::from(self.value.clone()))
            .map_err(|e| CompileError::from_toml(&e))
    }

    /// Set `options`' keys in the table, over its own (a config's `[rules."id"]` options).
    pub fn merge(&mut self, options: DeTable<'a>) {
        if let DeValue::Table(table) = self.value.get_mut() {
            for (k, v) in options {
                table.insert(k, v);
            }
        }
    }

    /// Take a string key out of the table (`[builtin] check = "…"`), if present.
    ///
    /// # Errors
    /// The key is there but is not a string.
    pub fn take_string(&mut self, key: &str) -> Result<Option<Spanned<String>>, CompileError> {
        let span = self.value.span();
        let DeValue::Table(table) = self.value.get_mut() else {
            return Err(CompileError::new(Some(span), "expected a table"));
        };
        let mut found = None;
        let mut rest = DeTable::new();
        for (k, v) in std::mem::take(table) {
            if k.get_ref() == key {
                found = Some(v);
            } else {
                rest.insert(k, v);
            }
        }
        *table = rest;
        match found {
            None => Ok(None),
            Some(v) => {
                let span = v.span();
                match v.into_inner() {
                    DeValue::String(s) => Ok(Some(Spanned::new(span, s.into_owned()))),
                    _ => Err(CompileError::new(
                        Some(span),
                        format!("`{key}` must be a string"),
                    )),
                }
            }
        }
    }
}

/// An `[[example]]` before it is checked against the compiled rule.
pub struct ExampleSpec {
    pub example: Example,
    pub span: Range<usize>,
}

/// One rule file, parsed.
pub struct RuleSpec<'a> {
    pub id: RuleId,
    /// The file as shown in messages.
    pub source: String,
    pub text: &'a str,
    pub summary: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub label: Option<String>,
    pub scope: Scope,
    pub docs: String,
    pub enabled: bool,
    /// The kind table's name and contents.
    pub kind: String,
    pub table: KindTable<'a>,
    pub examples: Vec<ExampleSpec>,
}

impl RuleSpec<'_> {
    /// An error in this file.
    pub fn error(
        &self,
        kind: LoadErrorKind,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> LoadError {
        error(&self.source, self.text, kind, span, message)
    }
}

fn error(
    path: &str,
    text: &str,
    kind: LoadErrorKind,
    span: Option<Range<usize>>,
    message: impl Into<String>,
) -> LoadError {
    LoadError {
        kind,
        path: path.to_string(),
        source_text: text.to_string(),
        span,
        message: message.into(),
    }
}

/// Parse a rule file. `id` comes from its path; `kinds` are the kind table names the
/// registry knows (exactly one of them must be present).
///
/// # Errors
/// Any problem in the file, with its span.
pub fn parse<'a>(
    id: &str,
    source: &str,
    text: &'a str,
    kinds: &[&str],
) -> Result<RuleSpec<'a>, LoadError> {
    let err = |kind, span, message: String| error(source, text, kind, span, message);
    let Some(id) = RuleId::new(id) else {
        return Err(err(
            LoadErrorKind::BadId,
            None,
            format!(
                "rule id `{id}` (from the file path) must be `family/name` in lowercase kebab-case"
            ),
        ));
    };
    let syntax = |e: toml::de::Error| err(LoadErrorKind::Syntax, e.span(), e.message().into());
    let root = DeTable::parse(text).map_err(syntax)?;
    let root_span = root.span();
    // Kind tables out, header keys stay.
    let mut tables: Vec<(String, Spanned<DeValue<'a>>)> = Vec::new();
    let mut header = DeTable::new();
    for (k, v) in root.into_inner() {
        if kinds.contains(&k.get_ref().as_ref()) {
            tables.push((k.get_ref().to_string(), v));
        } else {
            header.insert(k, v);
        }
    }
    let raw = RawHeader::deserialize(toml::de::Deserializer::from(Spanned::new(
        root_span, header,
    )))
    .map_err(syntax)?;

    let severity = Severity::parse(raw.severity.get_ref()).ok_or_else(|| {
        err(
            LoadErrorKind::Syntax,
            Some(raw.severity.span()),
            format!(
                "unknown severity `{}`; expected `error`, `warning` or `info`",
                raw.severity.get_ref()
            ),
        )
    })?;

    let scope = match &raw.scope {
        None => Scope::DEFAULT,
        Some(list) => {
            let mut scope = Scope::empty();
            for s in list.get_ref() {
                if !scope.insert_name(s.get_ref()) {
                    return Err(err(
                        LoadErrorKind::Syntax,
                        Some(s.span()),
                        format!(
                            "unknown scope `{}`; expected one of {}",
                            s.get_ref(),
                            Scope::ALL.join(", ")
                        ),
                    ));
                }
            }
            scope
        }
    };

    // In the order the kinds are listed, as the file's keys are sorted.
    tables.sort_by_key(|(k, _)| kinds.iter().position(|n| n == k));
    let mut tables = tables.into_iter();
    let (kind, table) = match (tables.next(), tables.next()) {
        (Some(one), None) => one,
        (None, _) => {
            return Err(err(
                LoadErrorKind::Kind,
                Some(0..0),
                format!(
                    "no kind table; add exactly one of {}",
                    kinds
                        .iter()
                        .map(|n| format!("[{n}]"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ))
        }
        (Some((first, _)), Some((second, t))) => {
            return Err(err(
                LoadErrorKind::Kind,
                Some(t.span()),
                format!(
                    "a rule has exactly one kind table, but this file has [{first}] and [{second}]"
                ),
            ))
        }
    };

    let examples = examples(raw.example, &err)?;

    Ok(RuleSpec {
        id,
        source: source.to_string(),
        text,
        summary: raw.summary,
        severity,
        message: raw.message,
        help: raw.help,
        label: raw.label,
        scope,
        docs: raw.docs,
        enabled: raw.enabled,
        kind,
        table: KindTable {
            value: table,
            lazy: false,
        },
        examples,
    })
}

/// The `[[example]]` entries, each exactly one of `bad` (with an optional `fixed`) or `good`.
fn examples(
    raw: Vec<Spanned<RawExample>>,
    err: &dyn Fn(LoadErrorKind, Option<Range<usize>>, String) -> LoadError,
) -> Result<Vec<ExampleSpec>, LoadError> {
    let mut examples = Vec::new();
    for ex in raw {
        let span = ex.span();
        let spec = ex.into_inner();
        let example = match (spec.bad, spec.good) {
            (Some(bad), None) => Example::bad(&bad, spec.fixed),
            (None, Some(good)) if spec.fixed.is_none() => Example::good(&good),
            (None, Some(_)) => {
                return Err(err(
                    LoadErrorKind::Example,
                    Some(span),
                    "`fixed` belongs to a `bad` example".into(),
                ))
            }
            _ => {
                return Err(err(
                    LoadErrorKind::Example,
                    Some(span),
                    "an example has exactly one of `bad` or `good`".into(),
                ))
            }
        };
        let example = Example {
            file: spec.file,
            files: spec.files,
            style: spec.style.unwrap_or_default(),
            ..example
        };
        examples.push(ExampleSpec { example, span });
    }
    Ok(examples)
}
