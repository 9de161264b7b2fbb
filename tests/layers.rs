//! The one-way data flow, checked over the source: every module may import only modules of
//! a lower layer (see ARCHITECTURE.md). Test code (`#[cfg(test)]` to the end of a file) is
//! exempt: tests sit above everything.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Layers from the bottom. A module may use modules of lower layers only.
const LAYERS: &[&[&str]] = &[
    &["id", "lines", "read", "span", "timings"],
    &["diagnostic"],
    &["document", "casing"],
    &["rule"],
    &["kinds", "builtin"],
    &["registry", "suppress", "fix", "cache"],
    &["config", "park"],
    &["engine"],
    &["examples"],
    &["report", "walk", "baseline"],
    &["lsp"],
    &["cli", "main"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top modules a piece of source names through `crate::` or `copydesk::`, including
/// grouped imports (`use crate::{a, b::c}`).
fn imports(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for root in ["crate::", "copydesk::"] {
        let mut rest = code;
        while let Some(i) = rest.find(root) {
            let before = rest[..i].chars().next_back();
            rest = &rest[i + root.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                continue; // `$crate::`, `my_crate::`
            }
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        out.insert(name);
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.insert(name);
            }
        }
    }
    out
}

#[test]
fn no_module_imports_a_higher_layer() {
    let src = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"));
    let mut all = Vec::new();
    files(src, &mut all);
    let mut violations = Vec::new();
    let mut checked = 0;
    for f in all {
        let rel = f.strip_prefix(src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if top == "lib" {
            continue;
        }
        let Some(own) = layer(&top) else {
            violations.push(format!(
                "{}: module `{top}` has no layer in this test",
                rel.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(&f).unwrap();
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for used in imports(&code) {
            if used == top {
                continue;
            }
            match layer(&used) {
                Some(l) if l < own => {}
                Some(l) => violations.push(format!(
                    "{}: `{top}` (layer {own}) imports `{used}` (layer {l})",
                    rel.display()
                )),
                None => {} // not a module of ours (e.g. a re-exported item)
            }
        }
        checked += 1;
    }
    assert!(checked > 50, "the source files were found ({checked})");
    assert!(violations.is_empty(), "\n{}", violations.join("\n"));
}

#[test]
fn the_import_scanner_sees_grouped_and_plain_imports() {
    let found =
        imports("use crate::{engine::Job, fix};\nlet x = crate::report::write();\n$crate::no;");
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        ["engine", "fix", "report"]
    );
}
