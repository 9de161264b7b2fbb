//! Crash and data-loss paths found by review and fuzzing, each through the binary.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::copydesk_with_stdin as copydesk;

/// A plain-text line holding only a list marker and spaces panicked (exit 101, no output
/// for any file).
#[test]
fn list_marker_and_spaces_in_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.txt"), "Title\n-  \n*  \n•  \n").unwrap();
    std::fs::write(dir.path().join("q.txt"), "Title\n\nHe said the the word.\n").unwrap();
    let (code, stdout, stderr) = copydesk(
        dir.path(),
        &["check", "--format", "concise", "p.txt", "q.txt"],
        None,
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("q.txt:3:"),
        "the other file is still checked: {stdout}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Two files whose names differ only in invalid UTF-8 share a display name: `--fix` wrote
/// one file's fixed text over the other.
#[test]
fn fix_goes_by_file_identity_not_display_name() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join(std::ffi::OsStr::from_bytes(b"a\xff.md"));
    let b = dir.path().join(std::ffi::OsStr::from_bytes(b"a\xfe.md"));
    let text_a = "# One\n\nHe was turning the\"high resolution\" rhetoric.\n";
    let text_b = "# Two\n\nA different story about the\"other\" thing, told at length.\n";
    if std::fs::write(&a, text_a).is_err() {
        return; // a file system that refuses such names: nothing to test
    }
    std::fs::write(&b, text_b).unwrap();
    let (code, stdout, stderr) = copydesk(dir.path(), &["check", "--fix", "."], None);
    assert_ne!(code, 2, "{stdout}{stderr}");
    let fixed_a = std::fs::read_to_string(&a).unwrap();
    let fixed_b = std::fs::read_to_string(&b).unwrap();
    assert_eq!(fixed_a, text_a.replace("the\"high", "the \"high"));
    assert_eq!(fixed_b, text_b.replace("the\"other", "the \"other"));
}

/// `check --fix - a.md --stdin-filename a.md` printed the disk file's fixed text as stdin's.
#[test]
fn stdin_claiming_a_disk_files_name_is_fixed_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let disk = "# Disk\n\nThe disk copy said the\"disk\" word.\n";
    let stdin = "# Stdin\n\nThe buffer said the\"buffer\" word.\n";
    std::fs::write(dir.path().join("a.md"), disk).unwrap();
    let (_, stdout, stderr) = copydesk(
        dir.path(),
        &["check", "--fix", "-", "a.md", "--stdin-filename", "a.md"],
        Some(stdin),
    );
    assert!(
        stdout.contains("the \"buffer\" word") && !stdout.contains("Disk"),
        "stdout is stdin's fixed text: {stdout}{stderr}"
    );
    let on_disk = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert_eq!(on_disk, disk.replace("the\"disk", "the \"disk"));
}

/// A large `[style] person-titles` list panicked (`CompiledTooBig`); now a config error
/// that points into the config file.
#[test]
fn huge_person_titles_list_is_a_config_error() {
    let dir = tempfile::tempdir().unwrap();
    let titles: Vec<String> = (0..40_000)
        .map(|i| format!("\"deputy assistant undersecretary number {i}\""))
        .collect();
    std::fs::write(
        dir.path().join("copydesk.toml"),
        format!("[style]\nperson-titles = [{}]\n", titles.join(", ")),
    )
    .unwrap();
    std::fs::write(dir.path().join("a.md"), "# A\n\nText.\n").unwrap();
    let (code, stdout, stderr) = copydesk(dir.path(), &["check", "a.md"], None);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stderr.contains("person-titles"), "{stderr}");
    assert!(stderr.contains("copydesk.toml:1:1"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// The language server panicked on a URI with `%` before a multi-byte character and on
/// a frame whose `Content-Length` is absurd; now both are answered and it keeps serving.
#[test]
fn language_server_survives_hostile_input() {
    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }
    let mut input = String::new();
    input.push_str("Content-Length: 99999999999999\r\n\r\n");
    // The lying length above swallows what follows up to EOF, so send it last: first the
    // rest of the conversation.
    let mut conv = String::new();
    conv.push_str(&frame(
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
    ));
    conv.push_str(&frame(
        r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
    ));
    conv.push_str(&frame("{not json"));
    // Not a valid URI (a raw `é` after `%`): refused by the URI parser, nothing published.
    conv.push_str(&frame(r#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/%é.txt","languageId":"plaintext","version":1,"text":"Title\n-  \nHe said the\"word\".\n"}}}"#));
    // A change before any open, and a position inside a multi-byte character.
    conv.push_str(&frame(r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///tmp/never.txt","version":2},"contentChanges":[{"text":"x"}]}}"#));
    conv.push_str(&frame(r#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/ok%C3%A9.txt","languageId":"plaintext","version":1,"text":"Title\n-  \nHe said the\"word\" twice. 😀\n"}}}"#));
    conv.push_str(&frame(r#"{"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///tmp/ok%C3%A9.txt"},"position":{"line":2,"character":27}}}"#));
    conv.push_str(&frame(r#"{"jsonrpc":"2.0","id":4,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///tmp/ok%C3%A9.txt"},"range":{"start":{"line":99,"character":9},"end":{"line":2,"character":27}},"context":{"diagnostics":[]}}}"#));
    conv.push_str(&frame(
        r#"{"jsonrpc":"2.0","id":5,"method":"textDocument/nonsense","params":{}}"#,
    ));
    conv.push_str(&frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#));
    conv.push_str(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = copydesk(dir.path(), &["lsp"], Some(&conv));
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("-32700"),
        "a parse error is answered: {stdout}"
    );
    assert!(stdout.contains("quotes/space-before-opening"), "{stdout}");
    assert!(
        !stdout.contains("%é"),
        "the invalid URI is not published: {stdout}"
    );
    assert!(
        stdout.contains(r#""id":3"#) && stdout.contains(r#""id":4"#),
        "{stdout}"
    );
    assert!(
        stdout.contains("-32601"),
        "unknown method answered: {stdout}"
    );
    assert!(stdout.contains(r#""id":2"#), "shutdown answered: {stdout}");
    let (code, stdout, stderr) = copydesk(dir.path(), &["lsp"], Some(&input));
    // The client vanished before initializing: an error exit, not a crash (101).
    assert!(code == 0 || code == 2, "{code} {stdout}{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A path named on the command line that cannot be read gets an `io/unreadable` record in
/// the machine formats (stdout used to be empty), and the other files are still checked.
#[test]
fn a_missing_named_path_is_reported_in_the_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.md"), "# Title\n\nThe the end.\n").unwrap();
    let (code, stdout, _) = copydesk(
        dir.path(),
        &["check", "--format", "concise", "gone.md", "ok.md"],
        None,
    );
    assert_eq!(code, 2);
    assert!(
        stdout.contains("gone.md:1:1: error[io/unreadable]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("ok.md:3:1: warning[typography/repeated-word]"),
        "{stdout}"
    );
}

/// A symlink to an article inside a walked folder is checked (it was skipped).
#[test]
fn symlinked_articles_are_checked_when_walking() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("site")).unwrap();
    std::fs::write(dir.path().join("real.md"), "# Title\n\nThe the end.\n").unwrap();
    std::os::unix::fs::symlink("../real.md", dir.path().join("site/link.md")).unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("site/up")).unwrap();
    let (code, stdout, stderr) =
        copydesk(dir.path(), &["check", "--format", "concise", "site"], None);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("site/link.md:3:1: warning[typography/repeated-word]"),
        "{stdout}"
    );
}

/// `--select`/`--ignore` accept rules and families loaded from a config's `rule-dirs`
/// (they were refused as unknown), and still refuse names no rule has.
#[test]
fn select_accepts_rules_from_rule_dirs() {
    let dir = tempfile::tempdir().unwrap();
    let pack = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/house-rules");
    std::fs::write(
        dir.path().join("copydesk.toml"),
        format!("rule-dirs = [{pack:?}]\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "# Title\n\nSend an e-mail to the the desk.\n",
    )
    .unwrap();
    let run = |args: &[&str]| copydesk(dir.path(), args, None);
    let (code, stdout, stderr) =
        run(&["check", "--format", "concise", "--select", "house", "a.md"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("warning[house/email]"), "{stdout}");
    assert!(!stdout.contains("repeated-word"), "{stdout}");
    let (code, stdout, _) = run(&[
        "check",
        "--format",
        "concise",
        "--ignore",
        "house/email",
        "a.md",
    ]);
    assert_eq!(code, 0);
    assert!(
        !stdout.contains("house/email") && stdout.contains("repeated-word"),
        "{stdout}"
    );
    let (code, _, stderr) = run(&["check", "--select", "house/nope", "a.md"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown rule or family `house/nope`"),
        "{stderr}"
    );
}

/// Issue 8: navigation deletions are safe. A run longer than a page's worth of furniture
/// gets no fix (`--unsafe-fixes` once cut a changelog from 2,705 lines to 202); when
/// furniture is most of the file, one page-dump diagnostic with no fix; a sentence ending
/// in "logo" is not a site logo; a closing component tag is never swallowed.
#[test]
fn navigation_deletions_are_safe() {
    let dir = tempfile::tempdir().unwrap();
    let body = "The city council voted on Tuesday to rebuild the old river bridge before the spring floods arrive next year.\nEngineers said the rebuilt bridge would carry twice the traffic of the old one when it opens to cars and buses.\n";
    // 30 furniture lines after the article, among 32: a page dump.
    let menu: String = (0..30)
        .map(|i| format!("Share this article {i}\n"))
        .collect();
    std::fs::write(
        dir.path().join("dump.txt"),
        format!("Bridge vote\n{body}{menu}"),
    )
    .unwrap();
    // 30 furniture lines among many more lines of article: a long run, no fix.
    let long_body = body.repeat(20);
    let bar = "Share this article\nAdvertisement\n".repeat(15);
    std::fs::write(
        dir.path().join("long.txt"),
        format!("Bridge vote\n{long_body}{bar}{long_body}"),
    )
    .unwrap();
    let logo = "# Brand\n\nAs a result of an iteration on the official logo, we are proud to introduce and unveil our new logo\n\nThe new logo will appear on every page of the site from next week, the design team said today.\n";
    std::fs::write(dir.path().join("logo.md"), logo).unwrap();
    let tabs = format!("# Bridge\n\n{body}\n<Tabs>\n\nShare this article\n\n</Tabs>\n");
    std::fs::write(dir.path().join("tabs.mdx.md"), &tabs).unwrap();
    let (code, stdout, stderr) = copydesk(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--format",
            "json",
            "--select",
            "structure/navigation-fragment",
            "dump.txt",
            "long.txt",
            "logo.md",
            "tabs.mdx.md",
        ],
        None,
    );
    assert_eq!(code, 0, "warnings only: {stdout}{stderr}");
    let found: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    let of = |name: &str| -> Vec<&serde_json::Value> {
        found.iter().filter(|d| d["path"] == name).collect()
    };
    let dump = of("dump.txt");
    assert_eq!(dump.len(), 1, "{stdout}");
    assert!(dump[0]["message"]
        .as_str()
        .unwrap()
        .starts_with("this file looks like a whole web page"));
    assert!(dump[0]["fix"].is_null());
    assert_eq!(dump[0]["notes"][0], "furniture at lines 4–33");
    let long = of("long.txt");
    assert_eq!(long.len(), 1, "{stdout}");
    assert_eq!(
        long[0]["message"],
        "navigation fragment in the article body (30 lines)"
    );
    assert!(long[0]["fix"].is_null(), "{stdout}");
    assert!(of("logo.md").is_empty(), "{stdout}");
    let tabs_found = of("tabs.mdx.md");
    assert_eq!(tabs_found.len(), 1, "{stdout}");
    let end = tabs_found[0]["fix"]["edits"][0]["end"].as_u64().unwrap() as usize;
    assert!(
        end <= tabs.find("</Tabs>").unwrap(),
        "the closing tag stays: {stdout}"
    );
}

/// Text that is not UTF-8 with LF or CRLF line ends gets a clear `io/unreadable` record
/// naming what it is (UTF-16, a legacy 8-bit encoding, lone-CR line ends) and where; the
/// other files are still checked.
#[test]
fn encodings_and_line_endings_copydesk_cannot_read_are_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("u16.md"), b"\xff\xfeT\x00\x00\xd8").unwrap();
    std::fs::write(dir.path().join("w1252.md"), b"Caf\xe9 society\n").unwrap();
    std::fs::write(dir.path().join("mac.txt"), b"Title\r\rThe the mayor.\r").unwrap();
    std::fs::write(dir.path().join("ok.md"), "He said the the word.\n").unwrap();
    let (code, stdout, stderr) = copydesk(dir.path(), &["check", "--format", "concise", "."], None);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stdout.contains("u16.md:1:1: error[io/unreadable] cannot read `u16.md`: invalid UTF-16"),
        "{stdout}"
    );
    assert!(
        stdout.contains("w1252.md:1:4: error[io/encoding]"),
        "{stdout}"
    );
    assert!(stdout.contains("mac.txt:1:6: error[io/unreadable] cannot read `mac.txt`: lines end in a lone carriage return"), "{stdout}");
    assert!(
        stdout.contains("ok.md:1:9: warning[typography/repeated-word]"),
        "{stdout}"
    );
    let (_, human, _) = copydesk(dir.path(), &["check", "w1252.md"], None);
    assert!(human.contains("Windows-1252"), "{human}");
}

/// A user rule with a built-in's id replaced it silently; now a warning says so, once.
#[test]
fn a_user_rule_replacing_a_built_in_is_announced_once() {
    let dir = tempfile::tempdir().unwrap();
    let style = dir.path().join("style/typography");
    std::fs::create_dir_all(&style).unwrap();
    let builtin = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/rules/typography/repeated-word.toml"
    );
    std::fs::copy(builtin, style.join("repeated-word.toml")).unwrap();
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "rule-dirs = [\"style\"]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.md"), "The the cat.\n").unwrap();
    std::fs::write(dir.path().join("b.md"), "And and more.\n").unwrap();
    let (code, stdout, stderr) = copydesk(dir.path(), &["check", "--format", "concise", "."], None);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(
        stderr.matches("replaces the built-in rule").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("`typography/repeated-word`"), "{stderr}");
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
}

/// `--exit-zero` means 0 for findings of any kind (a Latin-1 file made the run exit 2
/// even with it). A file that is not UTF-8 is an `io/encoding` error finding (exit 1), not a
/// failed run; `encoding = "windows-1252"` reads it (and never fixes it).
#[test]
fn exit_zero_covers_unreadable_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("latin1.md"), b"Caf\xe9 society\n").unwrap();
    std::fs::write(dir.path().join("ok.md"), "He said the the word.\n").unwrap();
    let args = ["check", "--format", "concise", "--exit-zero", "."];
    let (code, stdout, _) = copydesk(dir.path(), &args, None);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("latin1.md:1:4: error[io/encoding]"),
        "{stdout}"
    );
    let (code, _, _) = copydesk(dir.path(), &["check", "--format", "concise", "."], None);
    assert_eq!(code, 1);
    let args = ["check", "--exit-zero", "missing.md"];
    let (code, _, _) = copydesk(dir.path(), &args, None);
    assert_eq!(code, 0, "an io/unreadable record is a finding too");
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "encoding = \"windows-1252\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("latin1.md"),
        b"He said \x93the the plan\x94.\n",
    )
    .unwrap();
    let args = ["check", "--fix", "--format", "concise", "latin1.md"];
    let (code, stdout, _) = copydesk(dir.path(), &args, None);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("latin1.md:1:10: warning[typography/repeated-word]"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("latin1.md")).unwrap(),
        b"He said \x93the the plan\x94.\n"
    );
}

/// Checking nothing was a silent green run ("no problems in 0 files", exit 0); files all
/// excluded by the config (what pre-commit may pass) are still a clean run, said on stderr.
#[test]
fn nothing_to_check_is_not_a_silent_success() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let (code, _, stderr) = copydesk(dir.path(), &["check", "empty"], None);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("no files to check under `empty`"),
        "{stderr}"
    );
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "exclude = [\"drafts/**\"]\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("drafts")).unwrap();
    std::fs::write(dir.path().join("drafts/a.md"), "The the cat.\n").unwrap();
    let args = ["check", "--force-exclude", "drafts/a.md"];
    let (code, _, stderr) = copydesk(dir.path(), &args, None);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("excluded by the config"), "{stderr}");
}

/// `--stdin-filename` without `-` walked `.`; alone it now reads standard input, and beside
/// other paths it is an error.
#[test]
fn stdin_filename_means_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("other.md"), "Fine text.\n").unwrap();
    let args = ["check", "--format", "concise", "--stdin-filename", "x.md"];
    let (code, stdout, _) = copydesk(dir.path(), &args, Some("The the cat.\n"));
    assert_eq!(code, 0);
    assert_eq!(
        stdout.trim(),
        "x.md:1:1: warning[typography/repeated-word] repeated word `the`"
    );
    let args = ["check", "--stdin-filename", "x.md", "other.md"];
    let (code, _, stderr) = copydesk(dir.path(), &args, Some("x"));
    assert_eq!(code, 2);
    assert!(stderr.contains("add `-` to the paths"), "{stderr}");
}

/// `FORCE_COLOR` / `CLICOLOR_FORCE` colour output that is not a terminal; `NO_COLOR` wins.
#[test]
fn force_color_is_honoured() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "The the cat.\n").unwrap();
    let run = |envs: &[(&str, &str)]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_copydesk"));
        cmd.args(["check", "a.md"])
            .current_dir(dir.path())
            .env_remove("NO_COLOR");
        for (k, v) in envs {
            cmd.env(k, v);
        }
        String::from_utf8_lossy(&cmd.output().unwrap().stdout).into_owned()
    };
    assert!(!run(&[]).contains('\u{1b}'));
    assert!(run(&[("FORCE_COLOR", "1")]).contains('\u{1b}'));
    assert!(run(&[("CLICOLOR_FORCE", "1")]).contains('\u{1b}'));
    assert!(!run(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]).contains('\u{1b}'));
}

/// `-o FILE` writes the report there (stdout empty, summary on stderr); `--statistics`
/// honours `--format json` (it printed the text table).
#[test]
fn output_file_and_json_statistics() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "The the cat and the the dog.\n").unwrap();
    let args = ["check", "--format", "json", "-o", "out.json", "a.md"];
    let (code, stdout, stderr) = copydesk(dir.path(), &args, None);
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    assert!(stderr.contains("2 problems"), "{stderr}");
    let written = std::fs::read_to_string(dir.path().join("out.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    let args = ["check", "--statistics", "--format", "json", "a.md"];
    let (_, stdout, _) = copydesk(dir.path(), &args, None);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v[0]["rule"], "typography/repeated-word");
    assert_eq!(v[0]["count"], 2);
    assert_eq!(v[0]["fixable"], 2);
}

/// `copydesk rules --format json` lists every rule for tools, with its docs.
#[test]
fn rules_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = copydesk(dir.path(), &["rules", "--format", "json"], None);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let rules = v.as_array().unwrap();
    let (_, table, _) = copydesk(dir.path(), &["rules"], None);
    assert_eq!(rules.len(), table.lines().count() - 1);
    let dup = rules
        .iter()
        .find(|r| r["id"] == "titles/duplicate")
        .unwrap();
    assert_eq!(dup["severity"], "warning");
    assert_eq!(dup["enabled"], true);
    assert!(dup["docs"].as_str().unwrap().contains("## Options"));
}

/// UTF-16 with a byte-order mark (LE and BE) is decoded and checked, positions in the
/// decoded text; no fix is offered or written (it would be UTF-8 over UTF-16).
#[test]
fn utf16_is_decoded_and_never_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Title\n\nThe mayor said the the plan works.\n";
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    std::fs::write(dir.path().join("le.txt"), &le).unwrap();
    std::fs::write(dir.path().join("be.txt"), &be).unwrap();
    let args = ["check", "--fix", "--format", "concise", "le.txt", "be.txt"];
    let (code, stdout, stderr) = copydesk(dir.path(), &args, None);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("le.txt:3:16: warning[typography/repeated-word]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("be.txt:3:16: warning[typography/repeated-word]"),
        "{stdout}"
    );
    assert_eq!(std::fs::read(dir.path().join("le.txt")).unwrap(), le);
    assert_eq!(std::fs::read(dir.path().join("be.txt")).unwrap(), be);
}

/// `copydesk man` wrote only the top page; now each subcommand has its page, with its flags.
#[test]
fn man_pages_for_every_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, _) = copydesk(dir.path(), &["man", "check"], None);
    assert_eq!(code, 0);
    assert!(stdout.contains(".TH copydesk-check 1"), "{stdout}");
    assert!(stdout.contains("unsafe\\-fixes"), "{stdout}");
    let (code, _, _) = copydesk(dir.path(), &["man", "--dir", "man"], None);
    assert_eq!(code, 0);
    for page in [
        "copydesk.1",
        "copydesk-check.1",
        "copydesk-rules-test.1",
        "copydesk-lsp.1",
    ] {
        assert!(dir.path().join("man").join(page).is_file(), "{page}");
    }
}

/// `--extend-select` adds rules on top of the config's selection (`--select` replaces it).
#[test]
fn extend_select_adds_to_the_configs_selection() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "[rules]\nselect = [\"titles\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "## Where to stay\n\n## What to eat\n\n## When to go\n\n## Getting There By Metro\n\nThe the cat.\n",
    )
    .unwrap();
    let rules = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--format", "concise"];
        all.extend_from_slice(args);
        all.push("a.md");
        let (_, stdout, _) = copydesk(dir.path(), &all, None);
        stdout
            .lines()
            .map(|l| {
                l.split('[')
                    .nth(1)
                    .unwrap()
                    .split(']')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(rules(&[]), ["titles/heading-case"]);
    assert_eq!(
        rules(&["--extend-select", "typography/repeated-word"]),
        ["titles/heading-case", "typography/repeated-word"]
    );
    assert_eq!(
        rules(&["--select", "typography"]),
        ["typography/repeated-word"]
    );
}

/// A thousand changes in a burst are coalesced (the last text is what gets linted), and
/// standard input closing in the middle of a frame ends the server cleanly, never a panic.
#[test]
fn language_server_takes_a_burst_of_changes_and_an_abrupt_close() {
    use std::io::Read;
    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .arg("lsp")
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0
                || tx
                    .send(String::from_utf8_lossy(&buf[..n]).into_owned())
                    .is_err()
            {
                break;
            }
        }
    });
    let uri = "file:///tmp/burst.md";
    let mut conv =
        frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#);
    conv.push_str(&frame(
        r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
    ));
    let open = serde_json::json!({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":uri,"languageId":"markdown","version":0,"text":"# Title\n"}}});
    conv.push_str(&frame(&open.to_string()));
    for version in 1..=1000 {
        // Only the last text has the glued quote, at a column that names its version.
        let text = if version == 1000 {
            format!("# Title\n\n{} the\"plan\" works.\n", "x".repeat(version))
        } else {
            format!("# Title\n\n{} plain text.\n", "x".repeat(version))
        };
        let change = serde_json::json!({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":uri,"version":version},"contentChanges":[{"text":text}]}});
        conv.push_str(&frame(&change.to_string()));
    }
    stdin.write_all(conv.as_bytes()).unwrap();
    stdin.flush().unwrap();
    // Diagnostics for the last text arrive, and few were published for the burst.
    let mut seen = String::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !seen.contains(r#""character":1004"#) {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match rx.recv_timeout(left) {
            Ok(chunk) => seen.push_str(&chunk),
            Err(_) => panic!("no diagnostics for the last text: {seen}"),
        }
    }
    assert!(seen.contains("space-before-opening"), "{seen}");
    let published = seen.matches("publishDiagnostics").count();
    assert!(
        published < 50,
        "{published} publications: the burst was linted change by change"
    );
    // Then the client dies mid-frame.
    stdin
        .write_all(b"Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\",")
        .unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    reader.join().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(matches!(status.code(), Some(0 | 2)), "{status:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A suppression comment on a title did not hide `titles/duplicate` (found in the
/// corpus-wide phase, after comments were applied) and was itself reported as unused.
#[test]
fn suppression_comments_hide_corpus_wide_findings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "# Title <!-- copydesk-disable-line titles/duplicate -->\n\nText.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("b.md"), "# Title\n\nOther.\n").unwrap();
    let (code, stdout, stderr) = copydesk(dir.path(), &["check", "--format", "concise", "."], None);
    assert_eq!(code, 0, "{stderr}");
    // Only the file without the comment keeps its finding; the comment is used.
    assert_eq!(
        stdout,
        "b.md:1:3: warning[titles/duplicate] same title as `a.md`\n"
    );
}

/// Two runs of text on one HTML line (`<!-- … -->Related stories<p>AA`) panicked the
/// navigation rule (a slice from the end of one line to the start of the same line); found
/// by the property test.
#[test]
fn two_blocks_on_one_html_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "<!-- copydesk-disable-next-line -->Related stories<p>AA",
    )
    .unwrap();
    let (code, stdout, stderr) =
        copydesk(dir.path(), &["check", "--format", "concise", "a.md"], None);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(!stdout.contains("internal/panic"), "{stdout}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
