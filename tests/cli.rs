//! Command-line cases: `tests/cmd/*.toml` (args, stdin, expected stdout/stderr, exit code),
//! each run in its `*.in/` folder, and the `console` examples in README.md. Bless with `TRYCMD=overwrite cargo test --test cli`.
//! The result cache goes to a temporary folder, not into the cases' folders.

#[test]
fn cli_cases() {
    let cache = tempfile::tempdir().unwrap();
    trycmd::TestCases::new()
        .env("COPYDESK_CACHE_DIR", cache.path().display().to_string())
        .case("tests/cmd/*.toml")
        .case("README.md");
}
