//! The `dagsorden` binary: parses the command line and hands each command to its module under `cli/`.

use std::process::ExitCode;

use clap::Parser;

mod cli;

use cli::{Cli, Command};

/// Typst allocates and frees much per document; mimalloc hands the memory
/// back between documents where the system allocator kept it, and scales
/// across threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Render(args) => cli::render(args),
        Command::Check(args) => cli::check(args),
        Command::Watch(args) => cli::watch(args),
        Command::Approve(args) => cli::approve(args),
        Command::Verify(args) => cli::verify(args),
        Command::Publish(args) => cli::publish(args),
        Command::Persondata(args) => cli::persondata(args),
        Command::Sources(args) => cli::sources(args),
        Command::Import(args) => cli::import(args),
        Command::New(args) => cli::new(args),
        Command::Schema(args) => cli::schema(args),
        Command::Completions(args) => cli::completions(args),
        Command::Man => cli::man(),
    }
}
