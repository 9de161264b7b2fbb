//! Command-line cases: `tests/cmd/*.toml` (args, stdin, expected stdout/stderr, exit code),
//! each run in its `*.in/` folder. Bless with `TRYCMD=overwrite cargo test --test cli`.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
