//! `import`: a case system's meeting export read and written as case files.

use std::process::ExitCode;

use dagsorden::assets::Assets;
use dagsorden::import::{self, Format};
use dagsorden::template::profile::Profile;

use super::{ImportArgs, ImportFormat, exit, say, stderr_color, usage_error};

/// Reads the export, writes the meeting's folder, and says what it wrote.
pub fn import(args: ImportArgs) -> ExitCode {
    let color = stderr_color();
    let assets = match &args.templates {
        Some(dir) => match Assets::with_user_dir(dir) {
            Ok(a) => a,
            Err(e) => return usage_error(e),
        },
        None => Assets::built_in(),
    };
    let profile = match assets
        .read_text("profil.yaml")
        .map_err(|e| e.to_string())
        .and_then(|t| Profile::parse(&t, &assets.origin("profil.yaml")).map_err(|e| e.to_string()))
    {
        Ok(p) => p,
        Err(e) => return usage_error(e),
    };
    let format = match args.format {
        ImportFormat::Sbsys => Format::Sbsys,
        ImportFormat::Edoc => Format::Edoc,
        ImportFormat::Agman => Format::Agman,
    };
    let export = match import::read(format, &args.export, &profile.afsnit) {
        Ok(e) => e,
        Err(d) => {
            eprint!("{}", d.render(color));
            eprintln!("nothing was written");
            return ExitCode::from(exit::SOME_FAILED);
        }
    };
    let dir = args.output.unwrap_or_else(|| import::default_dir(&export));
    match import::write::write(&export, &profile.afsnit, &dir, args.force) {
        Ok(w) => {
            say(format_args!(
                "{}: {} {} of {} on {}, {} items and {} bilag (from {})",
                w.dir.display(),
                format.name(),
                if export.referat { "minutes" } else { "agenda" },
                export.udvalg,
                export.dato.format("%Y-%m-%d"),
                w.items,
                w.bilag,
                export.xml.display()
            ));
            say(format_args!("next: dagsorden check {}", w.dir.display()));
            ExitCode::from(exit::OK)
        }
        Err(d) => {
            eprint!("{}", d.render(color));
            ExitCode::from(exit::SOME_FAILED)
        }
    }
}
