//! `dagsorden new`: writes a filled-in starter case file of a kind, every key commented, from the template folder's `ny/`.

use std::path::{Path, PathBuf};

use crate::assets::Assets;

/// What a starter file is for; the names are those `dagsorden new` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// An agenda item with every standard section
    Punkt,
    /// A meeting (`moede.yaml`); its items are the files beside it
    #[value(name = "møde", alias = "moede")]
    Moede,
    /// A memo or status note
    Notat,
    /// An item with overturn rates from Ankestyrelsen
    #[value(name = "omgørelser", alias = "omgoerelser")]
    Omgoerelser,
    /// An item with the status of a savings plan
    Reduktionsplan,
    /// An item with a budget follow-up
    #[value(name = "budgetopfølgning", alias = "budgetopfoelgning")]
    Budgetopfoelgning,
    /// An item with a change to visitation rules
    Visitationsregler,
    /// An item with the expenditure over several years
    Udgiftsudvikling,
    /// An item with a key figure against the national average
    #[value(name = "nøgletal", alias = "noegletal")]
    Noegletal,
}

impl Kind {
    /// The starter's file name, in the template folder's `ny/` and as the
    /// default name of a new file.
    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Punkt => "punkt.yaml",
            Kind::Moede => "moede.yaml",
            Kind::Notat => "notat.yaml",
            Kind::Omgoerelser => "omgoerelser.yaml",
            Kind::Reduktionsplan => "reduktionsplan.yaml",
            Kind::Budgetopfoelgning => "budgetopfoelgning.yaml",
            Kind::Visitationsregler => "visitationsregler.yaml",
            Kind::Udgiftsudvikling => "udgiftsudvikling.yaml",
            Kind::Noegletal => "noegletal.yaml",
        }
    }

    /// The schema the file follows (`schema/<name>.schema.json`).
    pub fn schema(self) -> &'static str {
        match self {
            Kind::Moede => "moede",
            Kind::Notat => "notat",
            _ => "punkt",
        }
    }
}

/// Why a starter file cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The file is there already; `suggestion` is a name that would do.
    #[error(
        "`{}` exists already; name a new file, e.g. `{}`",
        .file.display(),
        .suggestion.display()
    )]
    Exists { file: PathBuf, suggestion: PathBuf },
    #[error("cannot make the folder `{}`: {source}", .dir.display())]
    Folder {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The template folder has no starter of the kind.
    #[error(transparent)]
    Starter(#[from] crate::assets::AssetError),
    #[error("`{}` is not a file name", .0.display())]
    NoFileName(PathBuf),
    /// The file `name` cannot be created in `dir`.
    #[error("cannot write `{name}` into `{}`: {source}", .dir.display())]
    Write {
        name: String,
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Writes the starter of `kind` to `path` — a file, or a folder to put
/// `<kind>.yaml` in — and returns the file written. An existing file is
/// never overwritten.
pub fn new_case_file(assets: &Assets, kind: Kind, path: &Path) -> Result<PathBuf, ScaffoldError> {
    let is_folder = path.is_dir()
        || path.as_os_str().to_string_lossy().ends_with('/')
        || path.extension().is_none();
    let file = if is_folder {
        path.join(kind.file_name())
    } else {
        path.to_path_buf()
    };
    if file.exists() {
        return Err(ScaffoldError::Exists {
            suggestion: file.with_file_name(format!("ny-{}", kind.file_name())),
            file,
        });
    }
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|source| ScaffoldError::Folder {
        dir: dir.clone(),
        source,
    })?;
    let starter = assets.read_text(&format!("ny/{}", kind.file_name()))?;
    let text = match schema_for(&dir, kind) {
        Some(schema) => format!("# yaml-language-server: $schema={schema}\n{starter}"),
        None => starter,
    };
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| ScaffoldError::NoFileName(file.clone()))?;
    // Never over a file that appeared meanwhile: create it, don't replace it.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .map_err(|source| ScaffoldError::Write { name, dir, source })?;
    Ok(file)
}

/// The path from `dir` to the nearest `schema/<kind>.schema.json` in it or
/// a folder above it, for the editor's YAML language server.
fn schema_for(dir: &Path, kind: Kind) -> Option<String> {
    let dir = std::fs::canonicalize(dir).ok()?;
    let wanted = format!("{}.schema.json", kind.schema());
    dir.ancestors()
        .position(|ancestor| ancestor.join("schema").join(&wanted).is_file())
        .map(|up| format!("{}schema/{wanted}", "../".repeat(up)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_gets_the_kinds_file_name_and_no_file_is_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let meeting = dir.path().join("udvalg/2026-12-07");
        let written = new_case_file(&Assets::built_in(), Kind::Moede, &meeting).unwrap();
        assert_eq!(written, meeting.join("moede.yaml"));
        let again = new_case_file(&Assets::built_in(), Kind::Moede, &meeting).unwrap_err();
        assert!(
            matches!(&again, ScaffoldError::Exists { file, .. } if *file == written),
            "{again}"
        );
        assert!(again.to_string().contains("exists already"), "{again}");
    }

    #[test]
    fn the_schema_line_points_up_to_the_nearest_schema_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("schema")).unwrap();
        std::fs::write(dir.path().join("schema/punkt.schema.json"), "{}").unwrap();
        let file = dir.path().join("cases/udvalg/001-punkt.yaml");
        new_case_file(&Assets::built_in(), Kind::Punkt, &file).unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema=../../schema/punkt.schema.json\n"),
            "{text}"
        );
    }
}
