//! Embeds every rule file under `rules/` into the binary, so `copydesk check` works with no
//! files beside it. Adding a rule is adding a TOML file: there is no list to keep in sync.
//!
//! Also extracts the literal screens of the navigation lexicon's patterns (parsing them at
//! every start cost a quarter of a small scraped page's run).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "src/builtin/navigation/literals.rs"]
mod literals;
#[path = "src/builtin/navigation/vocabulary.rs"]
mod vocabulary;

/// Writes each language's screens for `whole` and `start` patterns into `out`.
fn screens(out: &Path) {
    for (lang, entries) in [("en", vocabulary::english()), ("de", vocabulary::german())] {
        for (anchor, whole) in [("whole", true), ("start", false)] {
            let patterns = vocabulary::patterns(&entries, whole);
            let bytes = literals::encode(&literals::extract(&patterns, whole));
            std::fs::write(out.join(format!("screen-{lang}-{anchor}.bin")), bytes)
                .expect("write a screen");
        }
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets this")).join("rules");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut code = String::from("/// Built-in rule files: (path under `rules/`, contents).\npub(crate) static EMBEDDED: &[(&str, &str)] = &[\n");
    for f in &files {
        let rel = f
            .strip_prefix(&root)
            .expect("under rules/")
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            f.display().to_string()
        )
        .expect("write to string");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets this"));
    std::fs::write(out.join("embedded_rules.rs"), code).expect("write embedded_rules.rs");
    for f in ["literals.rs", "vocabulary.rs"] {
        println!("cargo:rerun-if-changed=src/builtin/navigation/{f}");
    }
    screens(&out);
}
