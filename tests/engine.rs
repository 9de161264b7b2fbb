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

/// A streamed run (`run_streamed`: each file's findings written as it goes) gives each
/// file's own findings once, in the order of the reports, and keeps the corpus-wide ones
/// (which need every file) for after: together, the findings of the same run unstreamed —
/// whether its findings are held or parked on disk, in a pool of one thread or several.
#[test]
fn a_streamed_run_gives_every_finding_once_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let settings = Arc::new(Settings::defaults(
        ".".into(),
        Arc::new(builtin_rules().expect("built-in rules load")),
    ));
    // Files given in reverse; titles shared by pairs of them, and a finding in most.
    let jobs: Vec<Job> = (0..40)
        .rev()
        .map(|i| {
            let path = dir.path().join(format!("{i:02}.md"));
            let text = match i % 3 {
                0 => format!("# Title {}\n\nHe said\"hello\" to them.\n", i / 2),
                1 => format!("# Title {}\n\nPlain words, and  two spaces.\n", i / 2),
                _ => format!("# Other {i}\n\nNothing to see here.\n"),
            };
            std::fs::write(&path, text).unwrap();
            Job {
                shown: format!("{i:02}.md").into(),
                source: Source::File(Some(path.into())),
                settings: Arc::clone(&settings),
            }
        })
        .collect();
    let whole = flatten(&run(&jobs));
    assert!(whole.iter().any(|f| f.3 == "titles/duplicate"), "{whole:?}");
    assert!(whole.iter().any(|f| f.3 != "titles/duplicate"), "{whole:?}");
    for held in [usize::MAX, 3] {
        let mut emitted = Vec::new();
        let reports = copydesk::engine::run_streamed(&jobs, None, &|| {}, held, &mut |r| {
            let r = copydesk::engine::unparked(r);
            emitted.extend(flatten(std::slice::from_ref(&*r)));
        });
        let rest: Vec<_> = copydesk::engine::loaded(&reports)
            .flat_map(|r| flatten(std::slice::from_ref(&*r)))
            .collect();
        let own: Vec<_> = whole
            .iter()
            .filter(|f| f.3 != "titles/duplicate")
            .cloned()
            .collect();
        let theirs: Vec<_> = whole
            .iter()
            .filter(|f| f.3 == "titles/duplicate")
            .cloned()
            .collect();
        assert_eq!(emitted, own, "held {held}");
        assert_eq!(rest, theirs, "held {held}");
        // Counted still, for totals and exit statuses.
        let counted: usize = reports.iter().map(FileReport::problems).sum();
        assert_eq!(counted, whole.len(), "held {held}");
    }
    // Called from a pool's worker (here the only one), it still gives them all.
    let mut emitted = Vec::new();
    let reports = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| {
            copydesk::engine::run_streamed(&jobs, None, &|| {}, usize::MAX, &mut |r| {
                emitted.extend(flatten(std::slice::from_ref(r)));
            })
        });
    let theirs = whole.iter().filter(|f| f.3 == "titles/duplicate").count();
    assert_eq!(emitted.len() + flatten(&reports).len(), whole.len());
    assert_eq!(flatten(&reports).len(), theirs);
}
