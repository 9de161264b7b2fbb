//! Feature rows of `structure/navigation-fragment`, for `scripts/nav_fit.py`.
//!
//! usage: cargo run --release --example nav_features -- FILE...
//!
//! Prints a header line (`path first last` and the feature names), then one tab-separated
//! row per candidate line: the file, its first and last 1-based source lines, whether it
//! may be furniture (`1`/`0`) followed by how the decision treats it after scoring (`u` a
//! heading's underline, `d` a divider, `c` code's marks alone), the features.
#![allow(clippy::print_stderr)] // a developer tool: unreadable files are reported on stderr

use std::io::Write;

fn main() {
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let names = copydesk::builtin::navigation_feature_names();
    writeln!(out, "path\tfirst\tlast\teligible\t{}", names.join("\t")).expect("stdout");
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let doc = match copydesk::document::Document::from_bytes(&path, bytes) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        for (first, last, eligible, pass, row) in copydesk::builtin::navigation_feature_rows(&doc) {
            let values: Vec<String> = row.iter().map(f64::to_string).collect();
            let eligible = u8::from(eligible);
            writeln!(
                out,
                "{path}\t{first}\t{last}\t{eligible}{pass}\t{}",
                values.join("\t")
            )
            .expect("stdout");
        }
    }
}
