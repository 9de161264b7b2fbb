//! The `copydesk` binary: parse arguments, run, map the outcome to an exit code.

// Everything in the binary is private to it; `pub` only marks what `cli` exposes to `main`.
#![allow(unreachable_pub)]

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// jemalloc where it is a dependency (see Cargo.toml): faster and smaller than the system's
/// malloc for a run's many small blocks.
#[cfg(all(
    any(target_os = "linux", target_os = "macos", target_os = "freebsd"),
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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
