//! Command-line cases: `tests/cmd/*.toml` (args, stdin, expected stdout/stderr, exit code),
//! each run in its `*.in/` folder, and the `console` examples in README.md. Bless with `TRYCMD=overwrite cargo test --test cli`.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .case("tests/cmd/*.toml")
        .case("README.md");
}
