//! The rule model: what a rule is, what it may read, and how it reports.
//!
//! A rule is metadata ([`RuleMeta`], from its TOML file) plus a compiled [`Check`].
//! Checks are immutable after loading (`&self`, `Send + Sync`), so one [`RuleSet`] is
//! shared by every thread.

mod example;
mod load;

use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Block, BlockKind, Document};

pub use example::{Example, ExampleFailure, MARK_CLOSE, MARK_OPEN};
pub use load::{load_dir, load_embedded, load_source, LoadError};

/// House style settings rules may read (the config's `[style]` table).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Style {
    /// `sentence` or `title`; absent: each document's own majority style.
    pub heading_case: Option<HeadingCase>,
    /// `straight` or `curly`; absent: each document's majority.
    pub quotes: Option<QuoteStyle>,
    /// Extra formal titles for `titles/person-title` (e.g. `"deputy director"`).
    #[serde(default)]
    pub person_titles: Vec<String>,
    /// `person_titles` with the built-in titles, compiled once when the config is loaded.
    #[serde(skip)]
    pub person_titles_matcher: Option<SharedRegex>,
}

/// A compiled regex shared between threads; equal when the patterns are.
#[derive(Debug, Clone)]
pub struct SharedRegex(pub std::sync::Arc<regex::Regex>);

impl PartialEq for SharedRegex {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_str() == other.0.as_str()
    }
}

impl Eq for SharedRegex {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeadingCase {
    Sentence,
    Title,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuoteStyle {
    Straight,
    Curly,
}

/// What every rule carries, whatever its kind.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    /// `family/name`, from the file path.
    pub id: String,
    pub summary: String,
    pub severity: Severity,
    /// Message template; `{match}` and kind-specific placeholders are filled in.
    pub message: String,
    pub help: Option<String>,
    /// Short label under the span; defaults to the summary.
    pub label: Option<String>,
    /// Block kinds the rule reads (`scope` names).
    pub scope: Vec<&'static str>,
    pub docs: String,
    pub examples: Vec<Example>,
    /// The kind table's name (`pattern`, `builtin:quote-spacing`, …).
    pub kind: String,
    /// Whether the rule can offer fixes.
    pub fixable: bool,
    /// On unless the config selects otherwise; `false` rules must be selected by id.
    pub enabled: bool,
    /// Where the rule came from (for messages): `rules/quotes/x.toml` or a user path.
    pub source: String,
}

impl RuleMeta {
    /// The family: the id before its last `/`.
    pub fn family(&self) -> &str {
        self.id.rsplit_once('/').map_or(&self.id, |(f, _)| f)
    }

    /// Does `selector` (an id, a family, or a family prefix) name this rule?
    pub fn matches(&self, selector: &str) -> bool {
        selector == "all"
            || self.id == selector
            || self.id.starts_with(selector)
                && self.id.as_bytes().get(selector.len()) == Some(&b'/')
    }

    pub fn in_scope(&self, kind: BlockKind) -> bool {
        self.scope.contains(&kind.scope_name())
    }
}

/// The detection logic of a rule.
pub trait Check: Send + Sync {
    /// Report problems in one document.
    fn check(&self, doc: &Document, cx: &mut Context<'_>);

    /// A fact about one document kept for the corpus-wide phase (e.g. its normalized
    /// title). Rules that return `None` for every document have no corpus phase.
    fn collect(&self, _doc: &Document) -> Option<Fact> {
        None
    }

    /// Corpus-wide phase: called once after every document of a run was checked, with the
    /// facts collected from each (file index, shown path, fact).
    fn check_corpus(&self, _facts: &[(usize, &str, &Fact)]) -> Vec<CorpusFinding> {
        Vec::new()
    }
}

/// What a corpus-wide rule remembers of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub key: String,
    /// Where the fact stands in its document (the span a finding will point at).
    pub span: Range<usize>,
}

/// A finding of the corpus-wide phase, turned into a diagnostic with the rule's templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusFinding {
    pub file: usize,
    pub span: Range<usize>,
    pub vars: Vec<(String, String)>,
    pub notes: Vec<String>,
}

impl CorpusFinding {
    /// The diagnostic for this finding.
    pub fn into_diagnostic(self, meta: &RuleMeta, severity: Severity) -> Diagnostic {
        let vars: Vec<(&str, &str)> = self
            .vars
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        Diagnostic {
            rule: meta.id.clone(),
            severity,
            message: fill(&meta.message, &vars),
            span: self.span,
            label: meta
                .label
                .as_ref()
                .map_or_else(|| meta.summary.clone(), |l| fill(l, &vars)),
            help: meta.help.as_ref().map(|h| fill(h, &vars)),
            notes: self.notes,
            fix: None,
        }
    }
}

/// A loaded rule.
pub struct Rule {
    pub meta: RuleMeta,
    pub check: Box<dyn Check>,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("id", &self.meta.id).finish()
    }
}

/// All rules of a run, compiled once, sorted by id.
#[derive(Debug, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    by_id: HashMap<String, usize>,
}

impl RuleSet {
    /// Build from rules; a later rule with an id already present replaces the earlier one
    /// (a user pack may override a built-in rule).
    pub fn new(rules: Vec<Rule>) -> RuleSet {
        let mut set = RuleSet::default();
        for r in rules {
            set.insert(r);
        }
        set
    }

    pub fn insert(&mut self, rule: Rule) {
        if let Some(&i) = self.by_id.get(&rule.meta.id) {
            self.rules[i] = rule;
            return;
        }
        self.rules.push(rule);
        self.rules.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));
        self.by_id = self
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.meta.id.clone(), i))
            .collect();
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.by_id.get(id).map(|&i| &self.rules[i])
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Is `selector` an id or family of some rule here?
    pub fn knows(&self, selector: &str) -> bool {
        self.rules.iter().any(|r| r.meta.matches(selector))
    }
}

/// What a check reports into: stamps each diagnostic with the rule's id and severity.
pub struct Context<'a> {
    pub meta: &'a RuleMeta,
    pub severity: Severity,
    pub style: &'a Style,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Context<'a> {
    pub fn new(
        meta: &'a RuleMeta,
        severity: Severity,
        style: &'a Style,
        out: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Context {
            meta,
            severity,
            style,
            out,
        }
    }

    /// The blocks of `doc` this rule reads.
    pub fn blocks<'d>(&self, doc: &'d Document) -> impl Iterator<Item = &'d Block> + use<'a, 'd> {
        let meta: &'a RuleMeta = self.meta;
        doc.blocks.iter().filter(move |b| meta.in_scope(b.kind))
    }

    /// Report a problem at `span` (original bytes) with the rule's message template, filling
    /// `{name}` placeholders from `vars`. Returns the diagnostic to add help, notes or a fix.
    pub fn report(&mut self, span: Range<usize>, vars: &[(&str, &str)]) -> &mut Diagnostic {
        let message = fill(&self.meta.message, vars);
        let help = self.meta.help.as_ref().map(|h| fill(h, vars));
        let label = self
            .meta
            .label
            .as_ref()
            .map_or_else(|| self.meta.summary.clone(), |l| fill(l, vars));
        self.out.push(Diagnostic {
            rule: self.meta.id.clone(),
            severity: self.severity,
            message,
            span,
            label,
            help,
            notes: Vec::new(),
            fix: None,
        });
        self.out.last_mut().expect("just pushed")
    }

    /// Report a finding built elsewhere, stamped with this rule's id and severity.
    pub fn push(&mut self, mut d: Diagnostic) {
        d.rule = self.meta.id.clone();
        d.severity = self.severity;
        self.out.push(d);
    }
}

/// Replace `{name}` in `template` with the value for `name`; unknown names stay.
pub fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    if !template.contains('{') {
        return template.to_string();
    }
    let mut out = template.to_string();
    for (k, v) in vars {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// Run one rule on one document (used by examples, `rules test` and the engine).
pub fn run_rule(rule: &Rule, severity: Severity, doc: &Document, style: &Style) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut cx = Context::new(&rule.meta, severity, style, &mut out);
    rule.check.check(doc, &mut cx);
    crate::diagnostic::sort_diagnostics(&mut out);
    out
}
