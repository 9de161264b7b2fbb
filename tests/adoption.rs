//! Gradual adoption and scale, through the binary: `--baseline`, `--add-suppressions`,
//! `--changed-lines`, `--changed-since` and `--shard`.

mod common;

use std::path::Path;
use std::process::Command;

use common::copydesk;

const OLD: &str = "# Title\n\nThe mayor said the\"plan\" works.\n\nThe the end.\n";

#[test]
fn a_baseline_records_todays_findings_then_reports_only_new_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir(dir.join("docs")).unwrap();
    std::fs::write(dir.join("docs/a.md"), OLD).unwrap();
    std::fs::write(dir.join("docs/b.md"), "# Other\n\nClean text.\n").unwrap();
    let concise = ["--format", "concise"];
    let run = |extra: &[&str]| {
        let mut a = vec!["check", "--baseline", "baseline.json"];
        a.extend_from_slice(extra);
        a.extend_from_slice(&concise);
        a.push("docs");
        copydesk(dir, &a)
    };

    // First run: both findings recorded, none reported, exit 0.
    let (code, stdout, stderr) = run(&[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("recorded 2 findings"), "{stderr}");
    let recorded = std::fs::read_to_string(dir.join("baseline.json")).unwrap();
    assert!(recorded.contains("\"path\": \"docs/a.md\""), "{recorded}");
    assert!(
        recorded.contains("quotes/space-before-opening"),
        "{recorded}"
    );

    // Lines moved and a new finding added: only the new one is reported (exit 1).
    let edited = format!(
        "# Title\n\nA new first paragraph.\n{}\nShe said the\"new\" thing.\n",
        &OLD[8..]
    );
    std::fs::write(dir.join("docs/a.md"), &edited).unwrap();
    let (code, stdout, stderr) = run(&[]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with("docs/a.md:9:13:"), "{stdout}");

    // The same baseline from inside the folder (paths are relative to the baseline's folder).
    let (code, stdout, _) = copydesk(
        &dir.join("docs"),
        &[
            "check",
            "--baseline",
            "../baseline.json",
            "--format",
            "concise",
            "a.md",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        stdout.starts_with("a.md:9:13:") && stdout.lines().count() == 1,
        "{stdout}"
    );

    // --fix fixes the new finding and leaves the recorded one alone.
    let (code, _, stderr) = run(&["--fix"]);
    assert_eq!(code, 0, "{stderr}");
    let fixed = std::fs::read_to_string(dir.join("docs/a.md")).unwrap();
    assert!(
        fixed.contains("the \"new\"") && fixed.contains("the\"plan\""),
        "{fixed}"
    );

    // A recorded finding fixed by hand: its entry is stale, and --update-baseline drops it.
    std::fs::write(dir.join("docs/a.md"), "# Title\n\nThe the end.\n").unwrap();
    let (code, _, stderr) = run(&[]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("1 baseline entry no longer matches"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["--update-baseline"]);
    assert_eq!(code, 0);
    assert!(stderr.contains("1 finding (was 2)"), "{stderr}");
    let (_, _, stderr) = run(&[]);
    assert!(!stderr.contains("no longer"), "{stderr}");
    // Updating from a run over one file keeps the entries of the others.
    std::fs::write(dir.join("docs/b.md"), "# Other\n\nthe the thing.\n").unwrap();
    run(&["--update-baseline"]);
    let (code, _, _) = copydesk(
        dir,
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--update-baseline",
            "docs/b.md",
        ],
    );
    assert_eq!(code, 0);
    let kept = std::fs::read_to_string(dir.join("baseline.json")).unwrap();
    assert!(
        kept.contains("docs/a.md") && kept.contains("docs/b.md"),
        "{kept}"
    );
}

#[test]
fn a_broken_baseline_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("a.md"), OLD).unwrap();
    std::fs::write(dir.join("baseline.json"), "{\n  \"findings\": oops\n}\n").unwrap();
    let (code, stdout, stderr) = copydesk(dir, &["check", "--baseline", "baseline.json", "a.md"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stderr.contains("baseline.json:2:"), "{stderr}");
    let (code, _, stderr) = copydesk(dir, &["check", "--update-baseline", "a.md"]);
    assert_eq!(code, 2, "--update-baseline needs --baseline: {stderr}");
}

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(["-c", "user.email=t@example.org", "-c", "user.name=t"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs")
        .status
        .success();
    assert!(ok, "git {args:?}");
}

/// `--changed-lines REV`: only findings on lines added or changed since REV (and in files
/// git does not track yet) are reported and fixed; old findings stay untouched.
#[test]
fn changed_lines_reports_and_fixes_only_what_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    git(dir, &["init", "-q"]);
    std::fs::create_dir(dir.join("docs")).unwrap();
    std::fs::write(dir.join("docs/a.md"), OLD).unwrap();
    std::fs::write(dir.join("docs/b.md"), "Old the\"x\" b.\n").unwrap();
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "init"]);
    let edited = OLD.replace(
        "\n\nThe the end.",
        "\n\nShe said the\"new\" thing.\n\nThe the end.",
    );
    std::fs::write(dir.join("docs/a.md"), &edited).unwrap();
    std::fs::write(dir.join("docs/c.md"), "New the\"z\" c.\n").unwrap();

    let (code, stdout, stderr) = copydesk(
        &dir.join("docs"),
        &[
            "check",
            "--format",
            "concise",
            "--changed-lines",
            "HEAD",
            ".",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].starts_with("a.md:5:13:"), "{stdout}");
    assert!(lines[1].starts_with("c.md:1:8:"), "{stdout}");

    // Fixing touches the changed line only.
    let (code, _, stderr) = copydesk(dir, &["check", "--changed-lines", "HEAD", "--fix", "docs"]);
    assert_eq!(code, 0, "{stderr}");
    let a = std::fs::read_to_string(dir.join("docs/a.md")).unwrap();
    assert!(
        a.contains("the \"new\"") && a.contains("the\"plan\""),
        "{a}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("docs/b.md")).unwrap(),
        "Old the\"x\" b.\n"
    );

    // An unknown revision, or no repository: exit 2 with the reason.
    let (code, _, stderr) = copydesk(dir, &["check", "--changed-lines", "no-such-rev", "docs"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`no-such-rev` is not a git revision"),
        "{stderr}"
    );
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.md"), OLD).unwrap();
    let (code, _, stderr) = copydesk(
        outside.path(),
        &["check", "--changed-lines", "HEAD", "x.md"],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("not a git repository"), "{stderr}");
}

/// `--add-suppressions` writes a `copydesk-disable-line` comment at the end of each flagged
/// Markdown line (before a hard break's trailing spaces or backslash; `{/* */}` in MDX),
/// leaves plain text alone, and a second run changes nothing.
#[test]
fn add_suppressions_comments_each_flagged_line_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let md = "# Title\n\nThe mayor said the\"plan\" works.  \nThe the end\\\nlast line.\n";
    std::fs::write(dir.join("a.md"), md).unwrap();
    std::fs::write(dir.join("b.mdx"), "MDX the\"x\" text.\n").unwrap();
    std::fs::write(dir.join("c.txt"), "Other\n\nPlain the\"x\" text.\n").unwrap();
    let (code, stdout, stderr) = copydesk(
        dir,
        &["check", "--add-suppressions", "--format", "concise", "."],
    );
    assert_eq!(code, 1, "plain text keeps its finding: {stdout}{stderr}");
    assert!(
        stdout.starts_with("c.txt:3:10:") && stdout.lines().count() == 1,
        "{stdout}"
    );
    assert!(
        stderr.contains("added 3 suppression comments in 2 files"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("a.md")).unwrap(),
        "# Title\n\nThe mayor said the\"plan\" works. \
         <!-- copydesk-disable-line quotes/space-before-opening -->  \n\
         The the end <!-- copydesk-disable-line typography/repeated-word -->\\\nlast line.\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("b.mdx")).unwrap(),
        "MDX the\"x\" text. {/* copydesk-disable-line quotes/space-before-opening */}\n"
    );
    let before = std::fs::read_to_string(dir.join("a.md")).unwrap();
    // A heading's comment goes on its own line above it (appended, it would join the
    // heading's text and anchor).
    let headings = "# Title Here\n\nText.\n\n## Where To Stay\n\n## How To Eat\n\n## Where to go\n\nGetting There\n=============\n";
    std::fs::write(dir.join("h.md"), headings).unwrap();
    copydesk(dir, &["check", "--add-suppressions", "h.md"]);
    let c = "<!-- copydesk-disable-next-line titles/heading-case -->\n";
    assert_eq!(
        std::fs::read_to_string(dir.join("h.md")).unwrap(),
        format!(
            "# Title Here\n\nText.\n\n{c}## Where To Stay\n\n{c}## How To Eat\n\n{c}## Where to go\n\n\
             Getting There\n=============\n"
        )
    );
    let (code, stdout, _) = copydesk(dir, &["check", "--format", "concise", "h.md"]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    let (_, stdout, _) = copydesk(
        dir,
        &["check", "--add-suppressions", "a.md", "b.mdx", "c.txt"],
    );
    assert!(stdout.contains("added 0 suppression comments"), "{stdout}");
    assert_eq!(std::fs::read_to_string(dir.join("a.md")).unwrap(), before);
    let (code, _, _) = copydesk(dir, &["check", "--add-suppressions", "--fix", "."]);
    assert_eq!(code, 2, "--add-suppressions and --fix conflict");
}

/// `--shard K/N`: the N shards' findings together are exactly the unsharded run's, each
/// file in one shard; K outside 1..=N is a usage error.
#[test]
fn shards_partition_the_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for i in 0..40 {
        std::fs::write(
            dir.join(format!("s{i}.md")),
            format!("# Story number {i}\n\nThe mayor said the\"plan {i}\" works.\n"),
        )
        .unwrap();
    }
    let lines = |args: &[&str]| {
        let mut a = vec!["check", "--format", "concise"];
        a.extend_from_slice(args);
        a.push(".");
        let (_, stdout, _) = copydesk(dir, &a);
        stdout.lines().map(str::to_string).collect::<Vec<_>>()
    };
    let mut all = lines(&[]);
    all.sort();
    assert_eq!(all.len(), 40);
    let mut union = Vec::new();
    for k in 1..=3 {
        let shard = lines(&["--shard", &format!("{k}/3")]);
        assert!(
            !shard.is_empty() && shard.len() < 40,
            "shard {k}: {}",
            shard.len()
        );
        union.extend(shard);
    }
    union.sort();
    assert_eq!(union, all);
    let (code, _, stderr) = copydesk(dir, &["check", "--shard", "4/3", "."]);
    assert_eq!(code, 2);
    assert!(stderr.contains("K must be between 1 and N"), "{stderr}");
}

/// `--changed-since REV`: only files changed since REV (or untracked) are checked; when none
/// changed, the run is clean (exit 0) and says so.
#[test]
fn changed_since_checks_only_changed_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    git(dir, &["init", "-q"]);
    std::fs::write(dir.join("old.md"), "Old the\"x\" text.\n").unwrap();
    std::fs::write(dir.join("edited.md"), "Fine text.\n").unwrap();
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "init"]);
    let (code, _, stderr) = copydesk(dir, &["check", "--changed-since", "HEAD", "."]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("none of the 2 files"), "{stderr}");
    std::fs::write(dir.join("edited.md"), "Edited the\"y\" text.\n").unwrap();
    std::fs::write(dir.join("new.md"), "New the\"z\" text.\n").unwrap();
    let (code, stdout, stderr) = copydesk(
        dir,
        &[
            "check",
            "--format",
            "concise",
            "--changed-since",
            "HEAD",
            ".",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    let files: Vec<&str> = stdout
        .lines()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(files, ["edited.md", "new.md"], "{stdout}");
    let (code, _, stderr) = copydesk(dir, &["check", "--changed-since", "nope", "."]);
    assert_eq!(code, 2);
    assert!(stderr.contains("`nope` is not a git revision"), "{stderr}");
}
