//! `new`, `schema`, `completions`, `man`: the files that help people write case files and use the command line — starters, JSON Schemas, completion scripts, the manual page.

use std::process::ExitCode;

use clap::CommandFactory;

use super::{Cli, CompletionsArgs, NewArgs, SchemaArgs, exit, say, usage_error};

/// `new`: a starter case file.
pub fn new(args: NewArgs) -> ExitCode {
    let assets = match args.templates.as_deref() {
        Some(dir) => match dagsorden::assets::Assets::with_user_dir(dir) {
            Ok(a) => a,
            Err(e) => return usage_error(e),
        },
        None => dagsorden::assets::Assets::built_in(),
    };
    match dagsorden::scaffold::new_case_file(&assets, args.kind, &args.path) {
        Ok(file) => {
            say(format_args!("{} written", file.display()));
            say(format_args!(
                "fill it in, then: dagsorden check {}",
                file.display()
            ));
            ExitCode::from(exit::OK)
        }
        Err(e) => usage_error(e),
    }
}

/// `schema`: the JSON Schemas of the case files.
pub fn schema(args: SchemaArgs) -> ExitCode {
    match dagsorden::schema::write(&args.dir) {
        Ok(files) => {
            for f in files {
                say(format_args!("{} written", f.display()));
            }
            ExitCode::from(exit::OK)
        }
        Err(e) => usage_error(format!(
            "cannot write the schemas into `{}`: {e}",
            args.dir.display()
        )),
    }
}

/// `completions`: a shell's completion script.
pub fn completions(args: CompletionsArgs) -> ExitCode {
    clap_complete::generate(
        args.shell,
        &mut Cli::command(),
        "dagsorden",
        &mut std::io::stdout(),
    );
    ExitCode::from(exit::OK)
}

/// `man`: the manual page, roff.
pub fn man() -> ExitCode {
    match clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout()) {
        Ok(()) => ExitCode::from(exit::OK),
        Err(e) => usage_error(format!("cannot write the manual page: {e}")),
    }
}
