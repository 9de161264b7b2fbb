//! The seed article's defects are the first acceptance test: exactly two glued opening
//! quotes and one navigation fragment (the trailing headline list), nothing else at warning
//! or error.

use std::path::PathBuf;
use std::sync::Arc;

use copydesk::config::{builtin_rules, Settings};
use copydesk::diagnostic::Severity;
use copydesk::document::LineIndex;
use copydesk::engine::{run, Job, Source};

/// (rule, start line:column, end line:column)
type Found = (String, (usize, usize), (usize, usize));

#[test]
fn seed_defects_are_found_and_nothing_else() {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seed/000_68366a63da31424d.txt"
    ));
    let settings = Arc::new(Settings::defaults(
        ".".into(),
        Arc::new(builtin_rules().expect("built-in rules load")),
    ));
    let reports = run(&[Job {
        shown: "seed.txt".into(),
        source: Source::File(Some(path.into())),
        settings,
    }]);
    // The report holds no text for a file on disk: it is read again for the positions.
    let r = copydesk::engine::with_text(&reports[0]);
    let lines = LineIndex::new(&r.text);
    let found: Vec<Found> = r
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| {
            (
                d.rule.to_string(),
                lines.line_col(&r.text, d.span.start()),
                lines.line_col(&r.text, d.span.end()),
            )
        })
        .collect();
    let rules: Vec<&str> = found.iter().map(|(r, _, _)| r.as_str()).collect();
    assert_eq!(
        rules,
        [
            "quotes/space-before-opening",
            "quotes/space-before-opening",
            "structure/navigation-fragment"
        ],
        "{found:?}"
    );
    assert_eq!(found[0].1, (4, 120));
    assert_eq!(found[1].1, (14, 266));
    let (_, start, end) = &found[2];
    assert_eq!((start.0, end.0), (15, 20), "the fragment spans lines 15-20");
    assert_eq!(start.1, 1, "from the start of line 15");
}
