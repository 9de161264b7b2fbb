//! The engine's output does not depend on the thread count, and every span it reports
//! lies on a char boundary of its file.

use std::path::PathBuf;
use std::sync::Arc;

use copydesk::config::{builtin_rules, Settings};
use copydesk::diagnostic::FileReport;
use copydesk::engine::{run, Job, Source};

fn jobs() -> Vec<Job> {
    let settings = Arc::new(Settings::defaults(
        ".".into(),
        Arc::new(builtin_rules().expect("built-in rules load")),
    ));
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .rev() // given in reverse: the output must still come sorted
        .map(|p| Job {
            shown: p.file_name().unwrap().to_string_lossy().into_owned().into(),
            source: Source::File(Some(p.into())),
            settings: Arc::clone(&settings),
        })
        .collect()
}

fn flatten(reports: &[FileReport]) -> Vec<(String, usize, usize, String)> {
    reports
        .iter()
        .flat_map(|r| {
            r.diagnostics.iter().map(|d| {
                (
                    r.path.to_string(),
                    d.span.start(),
                    d.span.end(),
                    d.rule.to_string(),
                )
            })
        })
        .collect()
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let jobs = jobs();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| run(&jobs));
    let four = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap()
        .install(|| run(&jobs));
    assert!(!flatten(&one).is_empty(), "the examples have findings");
    assert_eq!(flatten(&one), flatten(&four));
    let paths: Vec<&str> = one.iter().map(|r| &*r.path).collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted);
}

#[test]
fn spans_lie_on_char_boundaries() {
    let reports = run(&jobs());
    for r in copydesk::engine::with_texts(&reports) {
        for d in &r.diagnostics {
            assert!(
                r.text.is_char_boundary(d.span.start()) && r.text.is_char_boundary(d.span.end()),
                "{}: {:?}",
                r.path,
                d.span
            );
        }
    }
}

/// An opening quote closed by two apostrophes (`“…,’’`, as some scraped copy closes
/// quotations) is reported with where the apostrophes are, not only as never closed.
#[test]
fn a_quotation_closed_by_two_apostrophes_is_named() {
    let settings = Settings::defaults(
        ".".into(),
        Arc::new(builtin_rules().expect("built-in rules load")),
    );
    let text = "Title\n\nHe said: “We will rebuild the bridge,’’ and left.\n";
    let found = copydesk::engine::check_text("story.txt", text, &settings, None);
    let d = found
        .iter()
        .find(|d| d.rule.as_str() == "quotes/unbalanced")
        .expect("the opening quote is reported");
    assert_eq!(&text[d.span.range()], "“");
    assert_eq!(
        d.notes,
        ["`’’` at 3:38 looks like its closing quote typed as two apostrophes"]
    );
    assert_eq!(
        d.help.as_deref(),
        Some("replace the `’’` at 3:38 with a closing quote")
    );
}
