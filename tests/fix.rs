//! `--fix`, `--unsafe-fixes` and `--diff` on real files, through the binary.

use std::path::Path;
use std::process::Command;

const SEED: &str = include_str!("fixtures/seed/000_68366a63da31424d.txt");

fn copydesk(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

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
    let (code, stdout, _) = copydesk(
        dir.path(),
        &["check", "--unsafe-fixes", "--format", "concise", "seed.txt"],
    );
    assert_eq!((code, stdout.as_str()), (0, ""));
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
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "--fix", "--stdin-filename", "a.md", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Title\n\nThey met the the mayor.\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Title\n\nThey met the mayor.\n"
    );
}
