//! The `copydesk` binary: parse arguments, run, map the outcome to an exit code.

// Everything in the binary is private to it; `pub` only marks what `cli` exposes to `main`.
#![allow(unreachable_pub)]

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::args::Cli::parse();
    match cli::run(args) {
        Ok(status) => ExitCode::from(status as u8),
        Err(e) => {
            // A closed pipe (`copydesk check | head`) is not an error.
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            #[allow(clippy::print_stderr)]
            {
                eprintln!("copydesk: error: {e:#}");
            }
            ExitCode::from(cli::Status::Error as u8)
        }
    }
}
