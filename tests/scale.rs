//! Scale features (issue 11) as a user meets them: `--timings`, the cache, progress.
//! Speed itself is measured by `bench/run.py`, never asserted here.

mod common;

use common::copydesk;

/// A folder of `n` small articles, one defect each.
fn articles(n: usize) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for i in 0..n {
        std::fs::write(
            tmp.path().join(format!("a{i}.md")),
            format!("# Story number {i}\n\nThe mayor said the\"plan {i}\" works.\n"),
        )
        .unwrap();
    }
    tmp
}

/// `--timings` lists every rule that ran and the phases, each with how often it ran, on
/// standard error; the report on standard output is unchanged.
#[test]
fn timings_name_each_rule_and_phase_with_its_runs() {
    let tmp = articles(3);
    let (code, plain, _) = copydesk(tmp.path(), &["check", "--format", "concise", "."]);
    let (code_t, timed, stderr) = copydesk(
        tmp.path(),
        &["check", "--format", "concise", "--timings", "."],
    );
    assert_eq!((code, &plain), (code_t, &timed));
    assert!(stderr.contains("timings (summed over threads"), "{stderr}");
    let runs = |what: &str| {
        stderr
            .lines()
            .find(|l| l.ends_with(&format!("  {what}")))
            .and_then(|l| l.split_whitespace().nth(2))
            .map(str::to_string)
    };
    assert_eq!(
        runs("quotes/space-before-opening").as_deref(),
        Some("3"),
        "{stderr}"
    );
    assert_eq!(runs("(parse)").as_deref(), Some("3"), "{stderr}");
    assert_eq!(runs("(output)").as_deref(), Some("1"), "{stderr}");
    let (_, _, quiet) = copydesk(tmp.path(), &["check", "--format", "concise", "."]);
    assert!(!quiet.contains("timings"), "{quiet}");
}
