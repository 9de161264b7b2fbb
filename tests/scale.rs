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
        &[
            "check",
            "--no-cache",
            "--format",
            "concise",
            "--timings",
            ".",
        ],
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

/// The cache: a second run over unchanged files reads results (same output, every format
/// that shows positions and fixes), a changed file or config is checked again, the
/// corpus-wide duplicate rule stays right, and `--no-cache` writes nothing.
#[test]
fn a_warm_cache_gives_the_same_results_and_follows_changes() {
    let tmp = articles(4);
    let dir = tmp.path();
    // Two files with one title in one folder: a corpus-wide finding on each.
    std::fs::write(dir.join("d1.md"), "# Same Title\n\nOne story.\n").unwrap();
    std::fs::write(dir.join("d2.md"), "# Same Title\n\nAnother story.\n").unwrap();
    let run = |extra: &[&str]| {
        let mut a = vec!["check", "--format", "json"];
        a.extend_from_slice(extra);
        a.push(".");
        copydesk(dir, &a)
    };
    let (_, fresh, _) = run(&["--no-cache"]);
    assert!(
        !dir.join(".copydesk-cache").exists(),
        "--no-cache wrote a cache"
    );
    let first = run(&[]);
    assert!(dir.join(".copydesk-cache/.gitignore").is_file());
    assert!(dir.join(".copydesk-cache/CACHEDIR.TAG").is_file());
    let second = run(&["--timings"]);
    assert_eq!((first.0, &first.1), (second.0, &second.1));
    assert_eq!(first.1, fresh);
    assert!(fresh.contains("titles/duplicate"), "{fresh}");
    // The second run read every file's result from the cache and parsed none.
    assert!(second.2.contains("(cache lookup)"), "{}", second.2);
    assert!(!second.2.contains("(parse)"), "{}", second.2);
    for format in ["human", "sarif"] {
        let (_, a, _) = copydesk(dir, &["check", "--no-cache", "--format", format, "."]);
        let (_, b, _) = copydesk(dir, &["check", "--format", format, "."]);
        assert_eq!(a, b, "{format}");
    }

    // A changed file is checked again; the duplicate pair dissolves on both sides.
    std::fs::write(dir.join("d2.md"), "# Other Title\n\nAnother story.\n").unwrap();
    let (_, after, _) = run(&[]);
    let (_, after_fresh, _) = run(&["--no-cache"]);
    assert_eq!(after, after_fresh);
    assert!(!after.contains("titles/duplicate"), "{after}");

    // A config change (a rule turned off) is a miss for every file.
    std::fs::write(
        dir.join("copydesk.toml"),
        "[rules]\nignore = [\"quotes/space-before-opening\"]\n",
    )
    .unwrap();
    let (_, configured, _) = run(&[]);
    let (_, configured_fresh, _) = run(&["--no-cache"]);
    assert_eq!(configured, configured_fresh);
    assert!(!configured.contains("space-before-opening"), "{configured}");
}

/// A cache that cannot be written never fails the run: one warning, the same findings.
#[test]
fn an_unwritable_cache_warns_once_and_the_run_goes_on() {
    let tmp = articles(3);
    let blocker = tmp.path().join("blocker");
    std::fs::write(&blocker, "a file where the cache folder would go").unwrap();
    let (code, out, err) = copydesk(
        tmp.path(),
        &[
            "check",
            "--format",
            "concise",
            "--cache-dir",
            "blocker/cache",
            ".",
        ],
    );
    let (code_nc, out_nc, _) = copydesk(
        tmp.path(),
        &["check", "--no-cache", "--format", "concise", "."],
    );
    assert_eq!((code, &out), (code_nc, &out_nc));
    assert_eq!(err.matches("warning: the cache").count(), 1, "{err}");
}

/// Runs sharing one cache at the same time each give the full, right answer.
#[test]
fn concurrent_runs_share_a_cache_safely() {
    let tmp = articles(60);
    let dir = tmp.path().to_path_buf();
    let (_, expected, _) = copydesk(&dir, &["check", "--no-cache", "--format", "json", "."]);
    let runs: Vec<_> = (0..4)
        .map(|_| {
            let dir = dir.clone();
            std::thread::spawn(move || copydesk(&dir, &["check", "--format", "json", "."]).1)
        })
        .collect();
    for r in runs {
        assert_eq!(r.join().unwrap(), expected);
    }
    let (_, warm, _) = copydesk(&dir, &["check", "--format", "json", "."]);
    assert_eq!(warm, expected);
}

/// `copydesk ARGS` in `dir` with standard error (and output) on a terminal, through
/// util-linux `script`; what the terminal showed.
fn on_a_terminal(dir: &std::path::Path, args: &str) -> String {
    let bin = env!("CARGO_BIN_EXE_copydesk");
    let out = std::process::Command::new("script")
        .args(["-qec", &format!("{bin} {args}"), "/dev/null"])
        .current_dir(dir)
        .env("COPYDESK_PROGRESS_AFTER_MS", "0")
        .env("NO_COLOR", "1")
        .output()
        .expect("util-linux `script` runs (Debian package bsdutils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The progress bar: on a terminal, for a report meant for people; never for a machine
/// format, never with --quiet, never when standard error is not a terminal.
#[test]
fn progress_shows_only_on_a_terminal_for_people() {
    let tmp = articles(30);
    let shown = on_a_terminal(tmp.path(), "check --no-cache --format concise .");
    assert!(shown.contains("files checked"), "{shown}");
    assert!(
        shown.contains("a0.md"),
        "the report follows the bar: {shown}"
    );
    for args in [
        "check --no-cache --format json .",
        "check --no-cache --quiet .",
    ] {
        let shown = on_a_terminal(tmp.path(), args);
        assert!(!shown.contains("files checked"), "{args}: {shown}");
    }
    let (_, _, stderr) = common::copydesk(tmp.path(), &["check", "--no-cache", "."]);
    assert!(!stderr.contains("files checked"), "{stderr}");
}
