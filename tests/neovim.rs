//! End to end with a real editor: headless Neovim opens the seed with `copydesk lsp`
//! attached (`tests/nvim/lsp_e2e.lua`), reports the diagnostics it received and the text after
//! applying the quote quick fix. `.ci/run` installs Neovim (Debian `neovim`); where it is
//! missing the test says so and stops, except under CI, where that is a failure.
#![allow(clippy::print_stderr)] // a skipped end-to-end test says why

use std::process::Command;

#[test]
fn neovim_receives_diagnostics_and_applies_the_quote_fix() {
    if Command::new("nvim").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "Neovim is not installed (apt-get install neovim)"
        );
        eprintln!("skipped: Neovim is not installed (apt-get install neovim)");
        return;
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("seed.txt");
    std::fs::copy(
        root.join("tests/fixtures/seed/000_68366a63da31424d.txt"),
        &article,
    )
    .unwrap();
    let (diags, text) = (
        dir.path().join("diagnostics.txt"),
        dir.path().join("text.txt"),
    );
    let out = Command::new("timeout")
        .args([
            "60",
            "nvim",
            "--headless",
            "-u",
            "NONE",
            "-i",
            "NONE",
            "-n",
            "-c",
        ])
        .arg(format!(
            "luafile {}",
            root.join("tests/nvim/lsp_e2e.lua").display()
        ))
        .env("COPYDESK_BIN", env!("CARGO_BIN_EXE_copydesk"))
        .env("ARTICLE", &article)
        .env("OUT_DIAGNOSTICS", &diags)
        .env("OUT_TEXT", &text)
        .current_dir(dir.path())
        .output()
        .expect("nvim runs");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let received = std::fs::read_to_string(&diags)
        .unwrap_or_else(|e| panic!("no diagnostics file ({e}): {log}"));
    assert_eq!(
        received,
        "4:120 quotes/space-before-opening\n14:266 quotes/space-before-opening\n15:1 structure/navigation-fragment\n",
        "{log}"
    );
    let after = std::fs::read_to_string(&text).unwrap();
    let line4 = after.lines().nth(3).unwrap();
    assert!(
        line4.contains("he was turning the \"high resolution, low latency\" tech rhetoric"),
        "{line4}"
    );
    assert!(
        after.lines().nth(13).unwrap().contains("uphold\"Shanghai"),
        "only the chosen fix is applied"
    );
}
