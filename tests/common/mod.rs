//! Running the binary from the integration tests (each test file is its own crate and uses
//! part of this).
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The exit code, standard output and standard error of a run.
fn parts(out: &Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_copydesk"));
    c.args(args).current_dir(dir).env("NO_COLOR", "1");
    c
}

/// `copydesk ARGS` in `dir`, colour off.
pub(crate) fn copydesk(dir: &Path, args: &[&str]) -> (i32, String, String) {
    parts(&command(dir, args).output().expect("the binary runs"))
}

/// The same, with `stdin` on standard input.
pub(crate) fn copydesk_with_stdin(
    dir: &Path,
    args: &[&str],
    stdin: Option<&str>,
) -> (i32, String, String) {
    let mut child = command(dir, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().unwrap();
    // A run that fails before reading standard input closes it: a broken pipe here is
    // the binary's answer, not the test's failure.
    match input.write_all(stdin.unwrap_or("").as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.unwrap(),
    }
    drop(input);
    parts(&child.wait_with_output().unwrap())
}

/// The same as `copydesk`, as the unprivileged user `nobody` (via `setpriv`).
pub(crate) fn copydesk_as_nobody(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut c = Command::new("setpriv");
    c.args([
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        env!("CARGO_BIN_EXE_copydesk"),
    ])
    .args(args)
    .current_dir(dir)
    .env("NO_COLOR", "1");
    parts(&c.output().expect("setpriv runs"))
}
