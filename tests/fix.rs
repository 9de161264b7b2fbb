//! `--fix`, `--unsafe-fixes` and `--diff` on real files, through the binary.

mod common;

use std::path::Path;
use std::process::Command;

use common::copydesk;

const SEED: &str = include_str!("fixtures/seed/000_68366a63da31424d.txt");

fn seed_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("seed.txt"), SEED).unwrap();
    dir
}

#[test]
fn fix_leaves_only_the_navigation_fragment() {
    let dir = seed_dir();
    let (code, stdout, stderr) = copydesk(
        dir.path(),
        &["check", "--fix", "--format", "concise", "seed.txt"],
    );
    assert_eq!(code, 0, "only a warning remains: {stdout}{stderr}");
    assert_eq!(stdout, "seed.txt:15:1: warning[structure/navigation-fragment] navigation fragment in the article body (6 lines)\n");
    assert_eq!(stderr, "fixed 2 problems in 1 file\n");
    let fixed = std::fs::read_to_string(dir.path().join("seed.txt")).unwrap();
    assert!(fixed.contains("turning the \"high resolution"));
    assert!(fixed.contains("uphold \"Shanghai manufacturing\""));
    assert_eq!(
        fixed.len(),
        SEED.len() + 2,
        "two spaces inserted, nothing else changed"
    );
}

#[test]
fn fixing_twice_changes_nothing_the_second_time() {
    let dir = seed_dir();
    copydesk(dir.path(), &["check", "--fix", "seed.txt"]);
    let once = std::fs::read(dir.path().join("seed.txt")).unwrap();
    let modified = std::fs::metadata(dir.path().join("seed.txt"))
        .unwrap()
        .modified()
        .unwrap();
    let (_, _, stderr) = copydesk(
        dir.path(),
        &["check", "--fix", "--format", "concise", "seed.txt"],
    );
    assert_eq!(stderr, "fixed 0 problems in 0 files\n");
    assert_eq!(std::fs::read(dir.path().join("seed.txt")).unwrap(), once);
    assert_eq!(
        std::fs::metadata(dir.path().join("seed.txt"))
            .unwrap()
            .modified()
            .unwrap(),
        modified,
        "not touched"
    );
}

#[test]
fn unsafe_fixes_remove_the_fragment_and_keep_the_rest_byte_identical() {
    let dir = seed_dir();
    // `--unsafe-fixes` alone writes nothing (it once rewrote files on its own).
    let (code, _, _) = copydesk(
        dir.path(),
        &["check", "--unsafe-fixes", "--format", "concise", "seed.txt"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("seed.txt")).unwrap(),
        SEED
    );
    let (code, stdout, stderr) = copydesk(
        dir.path(),
        &["check", "--fix", "--unsafe-fixes", "seed.txt"],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        format!("{stdout}{stderr}")
            .contains("fixed 3 problems (1 of them unsafe: review them) in 1 file"),
        "{stdout}{stderr}"
    );
    let fixed = std::fs::read_to_string(dir.path().join("seed.txt")).unwrap();
    // The seed after the safe fixes, cut before line 15 (and the line break before it).
    let safe = SEED
        .replace("the\"high", "the \"high")
        .replace("uphold\"Shanghai", "uphold \"Shanghai");
    let line15 = safe.find("\n- Spring Festival").unwrap();
    assert_eq!(fixed, &safe[..line15]);
}

#[test]
fn diff_writes_nothing() {
    let dir = seed_dir();
    let (code, stdout, stderr) = copydesk(dir.path(), &["check", "--diff", "seed.txt"]);
    assert_eq!(code, 1, "a diff means there is something to fix");
    assert!(
        stdout.starts_with("--- a/seed.txt\n+++ b/seed.txt\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("+When Shanghai Vice-Mayor Wu Qing"),
        "{stdout}"
    );
    assert_eq!(stderr, "2 fixes would be applied to 1 file\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("seed.txt")).unwrap(),
        SEED
    );
}

#[test]
fn crlf_and_bom_survive_fixing() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{feff}Title line\r\nWe agreed to to meet\r\nand left.\r\n";
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    copydesk(dir.path(), &["check", "--fix", "a.txt"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        "\u{feff}Title line\r\nWe agreed to meet\r\nand left.\r\n"
    );
}

#[test]
fn stdin_fix_prints_the_fixed_text() {
    let out = fix_stdin(b"Title\n\nThey met the the mayor.\n");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Title\n\nThey met the mayor.\n"
    );
}

/// `check --fix --stdin-filename a.md -` with `input` on standard input.
fn fix_stdin(input: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "--fix", "--stdin-filename", "a.md", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// `--fix -` says on stderr what it fixed and what it could not (stdout is the text).
#[test]
fn stdin_fix_reports_what_remains_on_stderr() {
    let out = fix_stdin(b"# Title\n\nHe said the\"x\" end.\n\nShe said \"yes.\n");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("a.md:5:10: warning[quotes/unbalanced]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("fixed 1 problem on standard input; 1 problem"),
        "{stderr}"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "# Title\n\nHe said the \"x\" end.\n\nShe said \"yes.\n"
    );
}

const GLUED: &str = "# Title\n\nHe was turning the\"high resolution\" rhetoric.\n";
const FIXED: &str = "# Title\n\nHe was turning the \"high resolution\" rhetoric.\n";

/// A symlink named on the command line is fixed through: the link stays a link and its
/// target gets the fix (it used to become a regular file, the target left unfixed).
#[test]
fn a_symlinked_article_is_fixed_through_the_link() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("real")).unwrap();
    std::fs::write(dir.path().join("real/a.md"), GLUED).unwrap();
    std::os::unix::fs::symlink("real/a.md", dir.path().join("link.md")).unwrap();
    let (code, stdout, stderr) = copydesk(dir.path(), &["check", "--fix", "link.md"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let link = dir.path().join("link.md");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("real/a.md")).unwrap(),
        FIXED
    );
}

/// Hard links would be split by a replacement: the file is reported, both names keep
/// the same (unfixed) text, and the run exits 2.
#[test]
fn a_hard_linked_article_is_not_split() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), GLUED).unwrap();
    std::fs::hard_link(dir.path().join("a.md"), dir.path().join("b.txt")).unwrap();
    let (code, _, stderr) = copydesk(dir.path(), &["check", "--fix", "a.md"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("hard links"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("b.txt")).unwrap(),
        GLUED
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.md")).unwrap(),
        GLUED
    );
}

/// A read-only file is reported, not rewritten (even for root, who could).
#[test]
fn a_read_only_article_is_not_rewritten() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.md");
    std::fs::write(&p, GLUED).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
    let (code, _, stderr) = copydesk(dir.path(), &["check", "--fix", "a.md"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("read-only"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), GLUED);
}

/// Root fixing someone else's file keeps its owner and group.
#[test]
fn the_owner_is_kept() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.md");
    std::fs::write(&p, GLUED).unwrap();
    if std::os::unix::fs::chown(&p, Some(4321), Some(4322)).is_err() {
        return; // not root: cannot give a file away, nothing to test
    }
    let (code, stdout, stderr) = copydesk(dir.path(), &["check", "--fix", "a.md"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let meta = std::fs::metadata(&p).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (4321, 4322));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), FIXED);
}

/// A file edited after it was checked is not overwritten with fixes of the old text.
#[test]
fn a_file_changed_since_it_was_checked_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.md");
    std::fs::write(&p, "edited meanwhile\n").unwrap();
    let e = copydesk::fix::write_fixed(&p, GLUED, FIXED).unwrap_err();
    assert!(matches!(e, copydesk::fix::WriteError::Changed), "{e}");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "edited meanwhile\n");
}

/// A temporary file left by a killed run (named for the file and a process that is gone)
/// is removed by the next run that fixes the file; another process's live one is kept.
#[test]
fn leftovers_of_a_killed_run_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), GLUED).unwrap();
    let stale = dir.path().join(".a.md.copydesk-4000000-0.tmp");
    let live = dir
        .path()
        .join(format!(".a.md.copydesk-{}-0.tmp", std::process::id()));
    std::fs::write(&stale, "half").unwrap();
    std::fs::write(&live, "in use").unwrap();
    let (code, stdout, stderr) = copydesk(dir.path(), &["check", "--fix", "a.md"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(!stale.exists(), "the stale temporary is removed");
    assert!(live.exists(), "a running process's temporary is kept");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.md")).unwrap(),
        FIXED
    );
}

/// kill -9 during a large `--fix` run, at several moments: every article is either its
/// original or its fully fixed text (never partial), and the next run finishes the job and
/// leaves no temporary file behind.
#[test]
fn a_killed_fix_run_leaves_every_file_original_or_fixed() {
    let paragraph = "He was turning the\"high resolution\" rhetoric into policy. ";
    let article = |i: usize| format!("# Story {i}\n\n{}\n", paragraph.repeat(100));
    let fixed_article = |i: usize| article(i).replace("the\"high", "the \"high");
    let names: Vec<String> = (0..60).map(|i| format!("story-{i:03}.md")).collect();
    // Killed while checking, and 0, 2 and 10 ms after the first write began.
    for delay_ms in [None, Some(0), Some(2), Some(10)] {
        let dir = tempfile::tempdir().unwrap();
        for (i, n) in names.iter().enumerate() {
            std::fs::write(dir.path().join(n), article(i)).unwrap();
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(["check", "--fix", "--quiet", "."])
            .current_dir(dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let writing = |dir: &Path| {
            std::fs::read_dir(dir)
                .unwrap()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .any(|n| n.contains(".copydesk-") && n != ".copydesk-cache")
        };
        match delay_ms {
            None => std::thread::sleep(std::time::Duration::from_millis(50)),
            Some(ms) => {
                while !writing(dir.path()) && child.try_wait().unwrap().is_none() {
                    std::thread::sleep(std::time::Duration::from_micros(200));
                }
                std::thread::sleep(std::time::Duration::from_millis(ms));
            }
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let temporaries = writing(dir.path());
        let mut fixed = 0;
        for (i, n) in names.iter().enumerate() {
            let now = std::fs::read_to_string(dir.path().join(n)).unwrap();
            assert!(
                now == article(i) || now == fixed_article(i),
                "{n} is neither its original nor its fixed text after a kill at {delay_ms:?}"
            );
            fixed += usize::from(now == fixed_article(i));
        }
        // What the kill hit, shown with --nocapture.
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "killed at {delay_ms:?}: {fixed} of {} fixed, temporary left: {temporaries}",
                names.len()
            );
        }
        // The next run fixes what is left and removes any temporary a killed write left.
        let (code, stdout, stderr) = copydesk(dir.path(), &["check", "--fix", "."]);
        assert_eq!(code, 0, "after {fixed} fixed: {stdout}{stderr}");
        for (i, n) in names.iter().enumerate() {
            assert_eq!(
                std::fs::read_to_string(dir.path().join(n)).unwrap(),
                fixed_article(i)
            );
        }
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".copydesk-") && n != ".copydesk-cache")
            .collect();
        assert!(left.is_empty(), "temporaries left: {left:?}");
    }
}

/// `check --fix --unsafe-fixes --select RULES PATH` in `dir`: every fix the rules offer.
fn fix_unsafely(dir: &Path, rules: &str, path: &str) -> (i32, String, String) {
    copydesk(
        dir,
        &["check", "--fix", "--unsafe-fixes", "--select", rules, path],
    )
}

/// A fix never changes the front matter's syntax: a straight quote typed into a
/// double-quoted YAML or TOML string would end it (the site's build then fails on the
/// file), and a curly quote made straight at the start of a plain YAML value would open a
/// quoted string and drop the quotes from the title. Such a fix is not offered — the
/// finding stays, with a note — while one that changes only the value's own characters is
/// applied. (On real articles `--fix` broke the YAML of a description this way.)
#[test]
fn fixes_never_change_the_front_matters_syntax() {
    let body = "\nHe said \"one\" and \"two\" and \"three\" and \"four\".\n";
    let files = [
        (
            "yaml-quoted.md",
            "---\ntitle: A story\ndescription: \"Our solution is our “shared style library”.\"\n---\n",
        ),
        ("yaml-plain.md", "---\ntitle: “Whole”\n---\n"),
        ("toml.md", "+++\ntitle = \"A “quoted” word\"\n+++\n"),
        ("yaml-single.md", "---\ntitle: 'The “quoted” word'\n---\n"),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, front) in files {
        std::fs::write(dir.path().join(name), format!("{front}{body}")).unwrap();
    }
    let (code, stdout, stderr) = fix_unsafely(dir.path(), "quotes/mixed-style", ".");
    assert_eq!(code, 0, "warnings remain: {stdout}{stderr}");
    assert!(
        stdout.contains("fixed 1 problem in 1 file; 3 problems (3 warnings) in 3 files"),
        "{stdout}{stderr}"
    );
    for (name, front) in &files[..3] {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).unwrap(),
            format!("{front}{body}"),
            "{name} untouched"
        );
    }
    assert_eq!(
        stdout
            .matches("no automatic fix: it would change the front matter's")
            .count(),
        3,
        "{stdout}"
    );
    assert_eq!(stdout.matches("front matter's TOML").count(), 1, "{stdout}");
    // Straight quotes inside a single-quoted YAML string are its own characters.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("yaml-single.md")).unwrap(),
        format!("---\ntitle: 'The \"quoted\" word'\n---\n{body}")
    );
}

/// `["Rust 2018"]` finds its definition `["Rust 2018"]: url` by its text: a fix that made its
/// quotes curly would leave it pointing nowhere (rendered as the brackets and text). No fix
/// edits inside such a link; one that names its label (`[the "other" guide][g]`) is text.
#[test]
fn fixes_never_unlink_a_reference_link() {
    let dir = tempfile::tempdir().unwrap();
    let linked = "She said “one” and “two” and “three”, then read [\"Rust 2018\"].\n\n[\"Rust 2018\"]: https://example.com/a\n";
    let named = "She said “one” and “two” and “three”, then read [the \"other\" guide][g].\n\n[g]: https://example.com/b\n";
    std::fs::write(dir.path().join("linked.md"), linked).unwrap();
    std::fs::write(dir.path().join("named.md"), named).unwrap();
    let (code, stdout, stderr) = fix_unsafely(dir.path(), "quotes", ".");
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("linked.md")).unwrap(),
        linked
    );
    assert!(
        stdout.contains("changing it would unlink it from its definition"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("named.md")).unwrap(),
        named.replace("\"other\"", "“other”")
    );
}

/// Deleting most of a file is never a lint fix, however short the file: a NOTICE file's
/// lines (a name, a copyright line, an attribution) read as furniture, and `--unsafe-fixes`
/// deleted three of its four lines. A file named `NOTICE` is now a licence page, not
/// checked (as are `THANKS` and `CREDITS`, credits pages); the same lines under another
/// name are flagged, and no fix is offered.
#[test]
fn no_fix_deletes_most_of_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let notice = "Bridgetown Static Site\nCopyright 2002-2021 The Bridgetown Foundation\n\nThis product includes software developed at\nThe Bridgetown Foundation (https://bridgetown.example.org/).\n";
    std::fs::write(dir.path().join("about.txt"), notice).unwrap();
    let (code, stdout, stderr) =
        fix_unsafely(dir.path(), "structure/navigation-fragment", "about.txt");
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("no fix offered: the flagged lines are most of the file"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("about.txt")).unwrap(),
        notice
    );
}
