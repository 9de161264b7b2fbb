//! The registry: the one table of what a rule file may be. A declarative kind's table name
//! maps to its compiler; a built-in rule's id maps to its constructor. Loading a rule file
//! is: parse it once into a [`RuleSpec`], look its kind up here, compile, check its
//! examples' shape. Nothing below this module imports it.
//!
//! - Adding a declarative kind: its file in `src/kinds/` and one line in `KINDS`.
//! - Adding a built-in rule: its `.rs` file in `src/builtin/FAMILY/`, its `.toml` file in
//!   `rules/FAMILY/` and one line in `BUILTINS` (the compiler checks the constructor).

use std::path::{Path, PathBuf};

use crate::builtin::{navigation, quotes, structure, titles};
use crate::kinds;
use crate::rule::spec::{self, ExampleSpec, RuleSpec};
use crate::rule::{
    Check, CompileError, CorpusCheck, EngineCheck, Example, KindTable, LoadError, LoadErrorKind,
    Logic, NoParams, Rule, RuleMeta,
};

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

type CompileCheck = fn(&KindTable<'_>) -> Result<Box<dyn Check>, CompileError>;
type CompileCorpus = fn(&KindTable<'_>) -> Result<Box<dyn CorpusCheck>, CompileError>;

/// Declarative kinds by table name, in the order messages list them.
const KINDS: &[(&str, CompileCheck)] = &[
    ("pattern", kinds::pattern::compile),
    ("substitution", kinds::substitution::compile),
    ("repetition", kinds::repetition::compile),
    ("consistency", kinds::consistency::compile),
    ("capitalization", kinds::capitalization::compile),
    ("occurrence", kinds::occurrence::compile),
    ("conditional", kinds::conditional::compile),
];

/// The table name of built-in rules: `[builtin]`, with the check's parameters.
const BUILTIN: &str = "builtin";

/// How a built-in rule is made.
enum Make {
    Check(CompileCheck),
    Corpus(CompileCorpus),
    /// Computed by the engine itself; takes no parameters.
    Engine(EngineCheck),
}

/// Built-in rules: id, the module its code lives in (shown as the kind `builtin:MODULE`),
/// and how it is made. A rule file may name another built-in with `check = "ID"` (to run
/// it under its own id with other parameters); by default a file gets the built-in of its
/// own id.
const BUILTINS: &[(&str, &str, Make)] = &[
    (
        "quotes/mixed-style",
        "quotes",
        Make::Check(quotes::mixed_style::create),
    ),
    (
        "quotes/space-after-closing",
        "quotes",
        Make::Check(quotes::space_after_closing::create),
    ),
    (
        "quotes/space-before-opening",
        "quotes",
        Make::Check(quotes::space_before_opening::create),
    ),
    (
        "quotes/unbalanced",
        "quotes",
        Make::Check(quotes::unbalanced::create),
    ),
    (
        "quotes/wrong-direction",
        "quotes",
        Make::Check(quotes::wrong_direction::create),
    ),
    (
        "structure/front-matter-syntax",
        "structure",
        Make::Check(structure::front_matter_syntax::create),
    ),
    (
        "structure/navigation-fragment",
        "navigation",
        Make::Check(navigation::create),
    ),
    (
        "suppress/unknown-rule",
        "suppression",
        Make::Engine(EngineCheck::UnknownSuppressedRule),
    ),
    (
        "suppress/unused",
        "suppression",
        Make::Engine(EngineCheck::UnusedSuppression),
    ),
    (
        "titles/duplicate",
        "titles",
        Make::Corpus(titles::duplicate::create),
    ),
    (
        "titles/heading-case",
        "titles",
        Make::Check(titles::heading_case::create),
    ),
    (
        "titles/metadata-mismatch",
        "titles",
        Make::Check(titles::metadata_mismatch::create),
    ),
    (
        "titles/person-title",
        "titles",
        Make::Check(titles::person_title::create),
    ),
];

/// Every kind table name a rule file may hold.
fn table_names() -> Vec<&'static str> {
    KINDS
        .iter()
        .map(|(n, _)| *n)
        .chain(std::iter::once(BUILTIN))
        .collect()
}

/// The ids of the built-in checks.
pub fn builtin_ids() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().map(|(id, _, _)| *id)
}

/// Compile the kind table of a parsed rule file: (kind shown to users, logic).
fn compile(spec: &mut RuleSpec<'_>) -> Result<(String, Logic), LoadError> {
    let table_span = spec.table.span();
    let compile_error = |spec: &RuleSpec<'_>, e: CompileError| {
        spec.error(
            LoadErrorKind::Compile,
            Some(e.span.unwrap_or(table_span.clone())),
            e.message,
        )
    };
    if spec.kind != BUILTIN {
        let (name, make) = KINDS
            .iter()
            .find(|(n, _)| *n == spec.kind)
            .expect("the spec holds only registered kinds");
        let check = make(&spec.table).map_err(|e| compile_error(spec, e))?;
        return Ok(((*name).to_string(), Logic::Check(check)));
    }
    let named = spec
        .table
        .take_string("check")
        .map_err(|e| compile_error(spec, e))?;
    let (name, name_span) = match named {
        Some(n) => (n.get_ref().clone(), n.span()),
        None => (spec.id.to_string(), table_span.clone()),
    };
    let Some((_, module, make)) = BUILTINS.iter().find(|(id, _, _)| *id == name) else {
        let known = builtin_ids().collect::<Vec<_>>().join(", ");
        return Err(spec.error(
            LoadErrorKind::Kind,
            Some(name_span),
            format!("unknown built-in check `{name}`; known: {known}"),
        ));
    };
    let logic = match make {
        Make::Check(f) => Logic::Check(f(&spec.table).map_err(|e| compile_error(spec, e))?),
        Make::Corpus(f) => Logic::Corpus(f(&spec.table).map_err(|e| compile_error(spec, e))?),
        Make::Engine(e) => {
            spec.table
                .parse::<NoParams>()
                .map_err(|e| compile_error(spec, e))?;
            Logic::Engine(*e)
        }
    };
    Ok((format!("builtin:{module}"), logic))
}

/// Check the examples' shape against the compiled rule.
fn examples(spec: &RuleSpec<'_>, fixable: bool) -> Result<Vec<Example>, LoadError> {
    let mut out = Vec::new();
    for ExampleSpec { example, span } in &spec.examples {
        if let Err(why) = example.validate_markers() {
            return Err(spec.error(LoadErrorKind::Example, Some(span.clone()), why));
        }
        if example.fixed.is_some() && !fixable {
            return Err(spec.error(
                LoadErrorKind::Example,
                Some(span.clone()),
                "`fixed` given but this rule offers no fix",
            ));
        }
        out.push(example.clone());
    }
    if !out.iter().any(Example::is_bad) || !out.iter().any(|e| !e.is_bad()) {
        let span = spec.examples.first().map_or(0..0, |e| e.span.clone());
        return Err(spec.error(
            LoadErrorKind::Example,
            Some(span),
            "every rule needs at least one `bad` and one `good` [[example]]",
        ));
    }
    Ok(out)
}

/// Load one rule from its TOML text. `id` is `family/name`; `shown_path` names the file in
/// errors.
///
/// # Errors
/// Anything wrong in the file, pointing into it.
pub fn load_source(id: &str, shown_path: &str, text: &str) -> Result<Rule, LoadError> {
    load_source_with(id, shown_path, text, None)
}

/// Load one rule from its TOML text with `options` (a config's `[rules."id"]` keys) set
/// over its kind table's own.
///
/// # Errors
/// Anything wrong in the file or with the options (pointing into the rule file).
pub fn load_source_with<'x>(
    id: &str,
    shown_path: &str,
    text: &'x str,
    options: Option<toml::de::DeTable<'x>>,
) -> Result<Rule, LoadError> {
    load_compiled(id, shown_path, text, options, shipped(text))
}

/// Whether `text` is a shipped rule file as shipped: its regexes (and the navigation
/// rule's model) are known to compile (`every_shipped_rule_compiles_at_once`), so they
/// may wait until first used.
fn shipped(text: &str) -> bool {
    EMBEDDED.iter().any(|(_, t)| *t == text)
}

/// [`load_source_with`], its kind's regexes (or a built-in's model) compiled when first
/// used if `lazy` and no options are set over the file's own.
fn load_compiled<'x>(
    id: &str,
    shown_path: &str,
    text: &'x str,
    options: Option<toml::de::DeTable<'x>>,
    lazy: bool,
) -> Result<Rule, LoadError> {
    let mut spec = spec::parse(id, shown_path, text, &table_names())?;
    spec.table.set_lazy(lazy && options.is_none());
    if let Some(options) = options {
        spec.table.merge(options);
    }
    let (kind, logic) = compile(&mut spec)?;
    let fixable = logic.fixes();
    let examples = examples(&spec, fixable)?;
    let meta = RuleMeta {
        id: spec.id,
        summary: spec.summary,
        severity: spec.severity,
        message: spec.message,
        help: spec.help,
        label: spec.label,
        scope: spec.scope,
        docs: spec.docs,
        examples,
        kind,
        fixable,
        enabled: spec.enabled,
        source: shown_path.to_string(),
    };
    Ok(Rule {
        meta,
        logic,
        allow: Vec::new(),
    })
}

/// The text of a loaded rule's file: embedded, or read again from its path.
pub fn rule_text(meta: &RuleMeta) -> Option<String> {
    if let Some(rel) = meta.source.strip_prefix("rules/") {
        if let Some((_, text)) = EMBEDDED.iter().find(|(r, _)| *r == rel) {
            return Some((*text).to_string());
        }
    }
    std::fs::read_to_string(&meta.source).ok()
}

/// Rule id for a path relative to its rules folder: `quotes/x.toml` → `quotes/x`.
fn id_for(rel: &str) -> String {
    rel.strip_suffix(".toml").unwrap_or(rel).replace('\\', "/")
}

/// The built-in packs embedded at build time.
///
/// # Errors
/// A built-in rule file that does not load (caught by the test suite).
pub fn load_embedded() -> Result<Vec<Rule>, Vec<LoadError>> {
    collect(
        EMBEDDED
            .iter()
            .map(|(rel, text)| (id_for(rel), format!("rules/{rel}"), Ok((*text).to_string()))),
    )
}

fn io_error(path: &Path, message: String) -> LoadError {
    LoadError {
        kind: LoadErrorKind::Io,
        path: path.display().to_string(),
        source_text: String::new(),
        span: None,
        message,
    }
}

/// Every `*.toml` below `dir`; ids are paths relative to `dir`.
///
/// # Errors
/// Every rule file that does not load, and folders that cannot be read.
pub fn load_dir(dir: &Path) -> Result<Vec<Rule>, Vec<LoadError>> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    // Folders already read, by their real path: a symlink cycle (or two links to one
    // folder) is read once, never forever.
    let mut seen = std::collections::HashSet::new();
    while let Some(d) = stack.pop() {
        let real = std::fs::canonicalize(&d).unwrap_or_else(|_| d.clone());
        if !seen.insert(real) {
            continue;
        }
        let entries = std::fs::read_dir(&d)
            .map_err(|e| vec![io_error(&d, format!("cannot read rules folder: {e}"))])?;
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
    use rayon::prelude::*;
    // Compiling rules (their regexes) is most of start-up: spread over the threads, in the
    // files' order.
    let items: Vec<_> = items.collect();
    let loaded: Vec<Result<Rule, LoadError>> = items
        .into_par_iter()
        .map(|(id, shown, text)| match text {
            Ok(text) => load_source(&id, &shown, &text),
            Err(e) => Err(LoadError {
                kind: LoadErrorKind::Io,
                path: shown,
                source_text: String::new(),
                span: None,
                message: e,
            }),
        })
        .collect();
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for r in loaded {
        match r {
            Ok(r) => rules.push(r),
            Err(e) => errors.push(e),
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
    fn unknown_key_in_a_kind_table_points_at_it() {
        let text = OK.replace("tokens = [\"foo\"]", "tokens = [\"foo\"]\ntokns = 1");
        let e = load_source("house/foo", "foo.toml", &text).unwrap_err();
        assert!(e.message.contains("unknown field `tokns`"), "{}", e.message);
        assert_eq!(&text[e.span.unwrap()], "tokns");
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
        assert_eq!(e.kind, LoadErrorKind::Kind);
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
        let e = load_source("Foo", "Foo.toml", OK).unwrap_err();
        assert!(matches!(e.kind, LoadErrorKind::BadId));
    }

    #[test]
    fn builtins_by_own_id_or_named_and_unknown_ones_refused() {
        let builtin = |table: &str| {
            OK.replace("[pattern]\ntokens = [\"foo\"]", table)
                .replace("a ⟦foo⟧", "He said the⟦\\\"⟧word\\\" twice.")
        };
        let r = load_source(
            "quotes/space-before-opening",
            "x.toml",
            &builtin("[builtin]"),
        )
        .unwrap();
        assert_eq!(r.meta.kind, "builtin:quotes");
        assert!(r.meta.fixable);
        let r = load_source(
            "house/glued",
            "x.toml",
            &builtin("[builtin]\ncheck = \"quotes/space-before-opening\""),
        )
        .unwrap();
        assert!(matches!(r.logic, Logic::Check(_)));
        let text = builtin("[builtin]\ncheck = \"quotes/nope\"");
        let e = load_source("house/glued", "x.toml", &text).unwrap_err();
        assert!(
            e.message.contains("unknown built-in check"),
            "{}",
            e.message
        );
        assert_eq!(&text[e.span.unwrap()], "\"quotes/nope\"");
        let text = builtin("[builtin]\ncheck = \"quotes/space-before-opening\"\nreport = 1");
        let e = load_source("house/glued", "x.toml", &text).unwrap_err();
        assert!(
            e.message.contains("unknown field `report`"),
            "{}",
            e.message
        );
    }

    /// Regression: a symlink cycle in a rules folder hung the loader (an exponential walk)
    /// or loaded one rule many times.
    #[test]
    fn a_symlink_cycle_in_a_rules_folder_is_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let house = dir.path().join("house");
        std::fs::create_dir(&house).unwrap();
        std::fs::write(house.join("foo.toml"), OK).unwrap();
        std::os::unix::fs::symlink(dir.path(), house.join("loop")).unwrap();
        std::os::unix::fs::symlink(&house, house.join("again")).unwrap();
        let rules = load_dir(dir.path()).unwrap();
        assert_eq!(rules.len(), 1, "{rules:?}");
        assert_eq!(rules[0].meta.id, "house/foo");
    }

    /// Every built-in has a rule file, and every built-in rule file a built-in.
    #[test]
    fn every_builtin_is_declared_once() {
        let rules = load_embedded().unwrap();
        for id in builtin_ids() {
            let r = rules.iter().find(|r| r.meta.id == id);
            assert!(
                r.is_some_and(|r| r.meta.kind.starts_with("builtin:")),
                "{id}"
            );
        }
        let declared = rules.iter().filter(|r| r.meta.kind.starts_with("builtin:"));
        assert_eq!(declared.count(), BUILTINS.len());
    }

    /// A shipped rule's regexes and model wait until first used, on the strength of this
    /// test: every shipped file loads with each compiled at once, as a user's rule is.
    #[test]
    fn every_shipped_rule_compiles_at_once() {
        for (rel, text) in EMBEDDED {
            assert!(shipped(text), "{rel}");
            let shown = format!("rules/{rel}");
            if let Err(e) = load_compiled(&id_for(rel), &shown, text, None, false) {
                panic!("{e}");
            }
        }
        assert!(!shipped("summary = \"a user's rule\"\n"));
    }
}
