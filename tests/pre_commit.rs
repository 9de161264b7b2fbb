//! The pre-commit hook, end to end with the real `pre-commit` tool: a temporary git repo
//! uses this repository's `.pre-commit-hooks.yaml` (at HEAD); committing the seed article
//! is blocked with the diagnostics, committing a clean article passes.
//!
//! `.ci/run` installs pre-commit (`pip install pre-commit`). Where it is missing the test
//! says so and stops, except under CI (`CI` set), where that is a failure.
#![allow(clippy::print_stderr)] // a skipped end-to-end test says why

use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, program: &str, args: &[&str], home: &Path) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("PRE_COMMIT_HOME", home)
        .env("NO_COLOR", "1")
        .env("GIT_AUTHOR_NAME", "test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"))
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn commit_is_blocked_by_the_seed_and_passes_a_clean_article() {
    if Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "pre-commit is not installed (pip install pre-commit)"
        );
        eprintln!("skipped: pre-commit is not installed (pip install pre-commit)");
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let head = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(repo)
        .output()
        .expect("git runs");
    let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
    assert!(
        !head.is_empty(),
        "this test needs the copydesk repo to be a git checkout with a commit"
    );
    // Cache pre-commit's build of the hook between runs.
    let home = repo.join("target").join("pre-commit-home");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(run(d, "git", &["init", "-q", "-b", "main"], &home)
        .status
        .success());
    std::fs::write(
        d.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n- repo: {}\n  rev: {head}\n  hooks:\n  - id: copydesk\n",
            repo.display()
        ),
    )
    .unwrap();
    let install = run(d, "pre-commit", &["install"], &home);
    assert!(install.status.success(), "{}", text(&install));
    assert!(run(d, "git", &["add", ".pre-commit-config.yaml"], &home)
        .status
        .success());
    let first = run(d, "git", &["commit", "-q", "-m", "config"], &home);
    assert!(first.status.success(), "{}", text(&first));

    std::fs::copy(
        repo.join("tests/fixtures/seed/000_68366a63da31424d.txt"),
        d.join("seed.txt"),
    )
    .unwrap();
    assert!(run(d, "git", &["add", "seed.txt"], &home).status.success());
    let blocked = run(d, "git", &["commit", "-m", "seed"], &home);
    let out = text(&blocked);
    assert!(
        !blocked.status.success(),
        "the seed must be blocked:\n{out}"
    );
    assert!(out.contains("error[quotes/space-before-opening]"), "{out}");
    assert!(out.contains("seed.txt:4:120"), "{out}");

    assert!(run(d, "git", &["rm", "-q", "--cached", "seed.txt"], &home)
        .status
        .success());
    std::fs::copy(repo.join("examples/clean-article.md"), d.join("clean.md")).unwrap();
    assert!(run(d, "git", &["add", "clean.md"], &home).status.success());
    let passed = run(d, "git", &["commit", "-m", "clean"], &home);
    assert!(
        passed.status.success(),
        "a clean article passes:\n{}",
        text(&passed)
    );
}
