//! The rule model: what a rule is, what it may read, and how it reports.
//!
//! A rule is metadata ([`RuleMeta`], from its TOML file) plus a compiled [`Check`].
//! Checks are immutable after loading (`&self`, `Send + Sync`), so one [`RuleSet`] is
//! shared by every thread.

mod error;
mod example;
mod scope;
pub mod spec;
mod style;

use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Block, BlockKind, Document};
use crate::span::Span;

pub use crate::id::{RuleId, Selector};
pub use error::{CompileError, LoadError, LoadErrorKind};
pub use example::{mark, Example, ExampleFailure, DOC_SEPARATOR, MARK_CLOSE, MARK_OPEN};
pub use scope::Scope;
pub use spec::{KindTable, RuleSpec};
pub use style::{HeadingCase, QuoteStyle, SharedRegex, Style};

/// What every rule carries, whatever its kind.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    /// `family/name`, from the file path.
    pub id: RuleId,
    pub summary: String,
    pub severity: Severity,
    /// Message template; `{match}` and kind-specific placeholders are filled in.
    pub message: String,
    pub help: Option<String>,
    /// Short label under the span; defaults to the summary.
    pub label: Option<String>,
    /// Block kinds the rule reads.
    pub scope: Scope,
    pub docs: String,
    pub examples: Vec<Example>,
    /// The kind table's name (`pattern`, `builtin:quotes`, …).
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
        self.id.family()
    }

    /// Does `selector` (an id, a family, or `all`) name this rule?
    pub fn matches(&self, selector: &Selector) -> bool {
        selector.matches(&self.id)
    }

    pub fn in_scope(&self, kind: BlockKind) -> bool {
        self.scope.contains(kind)
    }

    /// Fill the rule's message, label and help templates into a diagnostic at `span`.
    pub fn diagnostic<K: AsRef<str>, V: AsRef<str>>(
        &self,
        severity: Severity,
        span: Span,
        vars: &[(K, V)],
    ) -> Diagnostic {
        Diagnostic {
            rule: self.id.clone(),
            severity,
            message: fill(&self.message, vars),
            span,
            label: self
                .label
                .as_ref()
                .map_or_else(|| self.summary.clone(), |l| fill(l, vars)),
            help: self.help.as_ref().map(|h| fill(h, vars)),
            notes: Vec::new(),
            fix: None,
        }
    }
}

/// The detection logic of a rule that reads one document at a time.
pub trait Check: Send + Sync {
    /// Report problems in one document.
    fn check(&self, doc: &Document, cx: &mut Context<'_>);

    /// Whether this check can offer fixes (decided when it is compiled).
    fn fixes(&self) -> bool {
        false
    }
}

/// The logic of a corpus-wide rule: a fact from each document, then one verdict over all.
pub trait CorpusCheck: Send + Sync {
    /// What this rule remembers of one document (e.g. its normalized title), if anything.
    fn collect(&self, doc: &Document) -> Option<Fact>;

    /// Called once after every document of a run was checked, with the facts collected
    /// from each (file index, shown path, fact).
    fn check_corpus(&self, facts: &[(usize, &str, &Fact)]) -> Vec<CorpusFinding>;

    /// [`CorpusCheck::check_corpus`] given to `found` in batches as they are made, in any
    /// order (a large run parks each batch on disk before the next is made). By default one
    /// batch of all of them.
    fn check_corpus_each(
        &self,
        facts: &[(usize, &str, &Fact)],
        found: &mut dyn FnMut(Vec<CorpusFinding>),
    ) {
        found(self.check_corpus(facts));
    }
}

/// Findings the engine itself makes after every other rule has run on a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EngineCheck {
    /// A suppression comment that suppressed nothing.
    UnusedSuppression,
    /// A suppression comment naming no known rule.
    UnknownSuppressedRule,
}

/// How a rule finds problems.
pub enum Logic {
    /// A check that reads documents.
    Check(Box<dyn Check>),
    /// A corpus-wide rule: facts per document, findings over the run.
    Corpus(Box<dyn CorpusCheck>),
    /// Computed by the engine from the other rules' findings.
    Engine(EngineCheck),
}

impl Logic {
    /// Whether the rule can offer fixes.
    pub fn fixes(&self) -> bool {
        match self {
            Logic::Check(c) => c.fixes(),
            Logic::Corpus(_) | Logic::Engine(_) => false,
        }
    }
}

/// What a corpus-wide rule remembers of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub key: String,
    /// Where the fact stands in its document (the span a finding will point at).
    pub span: Span,
    /// A compact summary of the document for comparisons across files (for
    /// `titles/duplicate`, a MinHash sketch of its body); empty when the rule needs none.
    pub sketch: Sketch,
    /// One more thing the rule tells about the document (for `titles/duplicate`: its title
    /// is a headline with a heading of the page's own below it, as a site's banner is).
    pub flag: bool,
}

/// A fact's sketch: in memory, or kept on disk by a large run (the engine's park) from the
/// moment its file is checked until the corpus phase reads it, a group of files at a time.
#[derive(Clone)]
pub enum Sketch {
    Held(Vec<u64>),
    Stored(std::sync::Arc<dyn SketchStore>, (u64, u32)),
}

/// Where a run keeps sketches it does not hold in memory.
pub trait SketchStore: Send + Sync {
    /// The sketch stored at `at`; `None` if it cannot be read back (the store remembers
    /// that, so the run can report it).
    fn load_sketch(&self, at: (u64, u32)) -> Option<Vec<u64>>;
}

impl Sketch {
    /// The hashes: borrowed when held, read back when stored; `None` if they cannot be.
    pub fn get(&self) -> Option<std::borrow::Cow<'_, [u64]>> {
        match self {
            Sketch::Held(h) => Some(std::borrow::Cow::Borrowed(h)),
            Sketch::Stored(store, at) => store.load_sketch(*at).map(std::borrow::Cow::Owned),
        }
    }

    /// Whether it is held in memory.
    pub fn is_held(&self) -> bool {
        matches!(self, Sketch::Held(_))
    }
}

impl From<Vec<u64>> for Sketch {
    fn from(hashes: Vec<u64>) -> Sketch {
        Sketch::Held(hashes)
    }
}

impl PartialEq for Sketch {
    fn eq(&self, other: &Sketch) -> bool {
        match (self, other) {
            (Sketch::Held(a), Sketch::Held(b)) => a == b,
            (Sketch::Stored(s, a), Sketch::Stored(t, b)) => std::sync::Arc::ptr_eq(s, t) && a == b,
            _ => false,
        }
    }
}

impl Eq for Sketch {}

impl std::fmt::Debug for Sketch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Sketch::Held(h) => f.debug_tuple("Held").field(h).finish(),
            Sketch::Stored(_, at) => f.debug_tuple("Stored").field(at).finish(),
        }
    }
}

/// A finding of the corpus-wide phase, turned into a diagnostic with the rule's templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusFinding {
    pub file: usize,
    pub span: Span,
    pub vars: Vec<(String, String)>,
    pub notes: Vec<String>,
}

impl CorpusFinding {
    /// The diagnostic for this finding.
    pub fn into_diagnostic(self, meta: &RuleMeta, severity: Severity) -> Diagnostic {
        let mut d = meta.diagnostic(severity, self.span, &self.vars);
        d.notes = self.notes;
        d
    }
}

/// A loaded rule.
pub struct Rule {
    pub meta: RuleMeta,
    pub logic: Logic,
    /// Findings to drop (a config's `[rules."id"] allow`).
    pub allow: Vec<Allow>,
}

/// One entry of a rule's `allow` list: a finding whose text (or whose line, trimmed) is
/// exactly this string, or in which this regex (written `/…/`) matches, is dropped.
#[derive(Debug, Clone)]
pub enum Allow {
    Exact(String),
    Regex(regex::Regex),
}

impl Allow {
    /// Parse a config entry: `/regex/` or an exact string.
    ///
    /// # Errors
    /// An invalid regex.
    pub fn parse(s: &str) -> Result<Allow, String> {
        match s.strip_prefix('/').and_then(|r| r.strip_suffix('/')) {
            Some(re) if !re.is_empty() => regex::Regex::new(re)
                .map(Allow::Regex)
                .map_err(|e| format!("invalid regex: {e}")),
            _ => Ok(Allow::Exact(s.to_string())),
        }
    }

    /// Does this entry allow a finding at `span` of `text`?
    pub fn allows(&self, text: &str, span: Range<usize>) -> bool {
        let Some(found) = text.get(span.clone()) else {
            return false;
        };
        let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[span.end..]
            .find('\n')
            .map_or(text.len(), |i| span.end + i);
        let line = text[line_start..line_end].trim();
        match self {
            Allow::Exact(s) => found == s || line == s,
            Allow::Regex(re) => re.is_match(found) || re.is_match(line),
        }
    }
}

/// Does any of `allow` allow a finding at `span` of `text`?
pub fn allowed(allow: &[Allow], text: &str, span: Range<usize>) -> bool {
    allow.iter().any(|a| a.allows(text, span.clone()))
}

impl Rule {
    /// The corpus-wide check, if this rule has one.
    pub fn corpus(&self) -> Option<&dyn CorpusCheck> {
        match &self.logic {
            Logic::Corpus(c) => Some(c.as_ref()),
            _ => None,
        }
    }
}

/// The constructor of a built-in check that takes no parameters: refuses any key in its
/// `[builtin]` table, pointing at it.
///
/// # Errors
/// The table holds a key.
pub fn without_params<C: Check + 'static>(
    table: &KindTable<'_>,
    check: C,
) -> Result<Box<dyn Check>, CompileError> {
    table.parse::<NoParams>()?;
    Ok(Box::new(check))
}

/// Parameters of a built-in check that takes none: an empty `[builtin]` table (any key is
/// an error pointing at it).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoParams {}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("id", &self.meta.id).finish()
    }
}

/// All rules of a run, compiled once, sorted by id.
#[derive(Debug, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    by_id: HashMap<RuleId, usize>,
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
        let id = RuleId::new(id)?;
        self.by_id.get(&id).map(|&i| &self.rules[i])
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The ids of the corpus-wide rules (whose findings need every file).
    pub fn corpus_ids(&self) -> Vec<RuleId> {
        self.rules
            .iter()
            .filter(|r| r.corpus().is_some())
            .map(|r| r.meta.id.clone())
            .collect()
    }

    /// Replace the rule at `index` by one with the same id (recompiled with options).
    pub fn replace(&mut self, index: usize, rule: Rule) {
        debug_assert_eq!(self.rules[index].meta.id, rule.meta.id);
        self.rules[index] = rule;
    }

    pub fn rule_mut(&mut self, index: usize) -> &mut Rule {
        &mut self.rules[index]
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Does `selector` name some rule here?
    pub fn knows(&self, selector: &Selector) -> bool {
        self.rules.iter().any(|r| r.meta.matches(selector))
    }
}

/// What a check reports into: stamps each diagnostic with the rule's id and severity.
pub struct Context<'a> {
    pub meta: &'a RuleMeta,
    pub severity: Severity,
    pub style: &'a Style,
    /// The document's text: every reported span is checked against it.
    text: &'a str,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Context<'a> {
    pub fn new(
        meta: &'a RuleMeta,
        severity: Severity,
        style: &'a Style,
        doc: &'a Document,
        out: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Context {
            meta,
            severity,
            style,
            text: &doc.text,
            out,
        }
    }

    /// The blocks of `doc` this rule reads.
    pub fn blocks<'d>(&self, doc: &'d Document) -> impl Iterator<Item = &'d Block> + use<'a, 'd> {
        let meta: &'a RuleMeta = self.meta;
        doc.blocks.iter().filter(move |b| meta.in_scope(b.kind))
    }

    /// The blocks of `doc` this rule reads, with their indexes in `doc.blocks` (to look up
    /// what is derived per block: [`crate::document::Derived`]).
    pub fn indexed_blocks<'d>(
        &self,
        doc: &'d Document,
    ) -> impl Iterator<Item = (usize, &'d Block)> + use<'a, 'd> {
        let meta: &'a RuleMeta = self.meta;
        doc.blocks
            .iter()
            .enumerate()
            .filter(move |(_, b)| meta.in_scope(b.kind))
    }

    /// Report a problem at `span` (original bytes) with the rule's message template, filling
    /// `{name}` placeholders from `vars`. Returns the diagnostic to add help, notes or a fix.
    ///
    /// A span that is not valid in the text is a bug in the rule: it fails the rule's tests
    /// (debug builds) and is reported at the nearest valid span in a release build.
    pub fn report(&mut self, span: Range<usize>, vars: &[(&str, &str)]) -> &mut Diagnostic {
        let checked = Span::checked(self.text, span.clone());
        debug_assert!(
            checked.is_some(),
            "{} reported {span:?}, not a span of its {}-byte text",
            self.meta.id,
            self.text.len()
        );
        let span = checked.unwrap_or_else(|| Span::clamped(self.text, span));
        let d = self.meta.diagnostic(self.severity, span, vars);
        self.out.push(d);
        self.out.last_mut().expect("just pushed")
    }
}

/// Replace `{name}` in `template` with the value for `name`; unknown names stay. One pass
/// to size it and one to write it (a value is never searched for names itself), one
/// allocation of exactly its length: every finding's message, label and help are made here
/// and held until the output.
pub fn fill<K: AsRef<str>, V: AsRef<str>>(template: &str, vars: &[(K, V)]) -> String {
    let mut len = 0;
    pieces(template, vars, |p| len += p.len());
    let mut out = String::with_capacity(len);
    pieces(template, vars, |p| out.push_str(p));
    out
}

/// The pieces of `template` filled from `vars`, in order.
fn pieces<'a, K: AsRef<str>, V: AsRef<str>>(
    template: &'a str,
    vars: &'a [(K, V)],
    mut piece: impl FnMut(&'a str),
) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        piece(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            vars.iter()
                .find(|(k, _)| k.as_ref() == name)
                .map(|(_, v)| (close, v.as_ref()))
        });
        match value {
            Some((close, v)) => {
                piece(v);
                rest = &after[close + 1..];
            }
            None => {
                piece("{");
                rest = after;
            }
        }
    }
    piece(rest);
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn templates_take_their_values_once() {
        let vars = [("match", "Vice Mayor"), ("first", "{match}")];
        assert_eq!(
            fill("write `{first}`, not `{match}`", &vars),
            "write `{match}`, not `Vice Mayor`"
        );
        // Unknown names, lone and doubled braces stay as written.
        assert_eq!(fill("{other} {match", &vars), "{other} {match");
        assert_eq!(fill("{{match}}", &vars), "{Vice Mayor}");
        assert_eq!(fill("no names", &vars), "no names");
        assert_eq!(fill("é{match}ü", &vars), "éVice Mayorü");
    }
}
