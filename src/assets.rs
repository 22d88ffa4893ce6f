//! The template folder: the municipality's profile, templates, Typst style and fonts, built in or overridden file by file from a user's folder.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

use include_dir::{Dir, include_dir};

static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// Why the template folder, or a file of it, cannot be had.
#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    /// The folder given (`--templates DIR`) is not there.
    #[error("the template folder `{}` does not exist", .0.display())]
    NoFolder(PathBuf),
    /// Neither the user's folder nor the built-in one has the file.
    #[error("the template folder has no file `{0}`")]
    NoFile(String),
    #[error("the template file `{name}` is not UTF-8 text")]
    NotText {
        name: String,
        #[source]
        source: std::string::FromUtf8Error,
    },
}

/// Files of the template folder. A file in the user's folder (`--templates DIR`)
/// replaces the built-in file of the same name; the others stay built in.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    user: Option<PathBuf>,
}

impl Assets {
    /// The built-in templates only.
    pub fn built_in() -> Assets {
        Assets { user: None }
    }

    /// The user's folder over the built-in templates.
    pub fn with_user_dir(dir: &Path) -> Result<Assets, AssetError> {
        if !dir.is_dir() {
            return Err(AssetError::NoFolder(dir.to_path_buf()));
        }
        Ok(Assets {
            user: Some(dir.to_path_buf()),
        })
    }

    /// The bytes of the file at `name` (a relative path like `fonts/x.ttf`).
    /// Paths that leave the folder are refused.
    pub fn read(&self, name: &str) -> Option<Cow<'static, [u8]>> {
        let rel = safe_relative(name)?;
        if let Some(dir) = &self.user
            && let Ok(bytes) = std::fs::read(dir.join(&rel))
        {
            return Some(Cow::Owned(bytes));
        }
        BUILT_IN.get_file(&rel).map(|f| Cow::Borrowed(f.contents()))
    }

    /// The text of the file at `name`, or an error naming it.
    pub fn read_text(&self, name: &str) -> Result<String, AssetError> {
        let bytes = self
            .read(name)
            .ok_or_else(|| AssetError::NoFile(name.to_string()))?;
        String::from_utf8(bytes.into_owned()).map_err(|source| AssetError::NotText {
            name: name.to_string(),
            source,
        })
    }

    /// Where a file of the user's folder is, for messages; built-in files are named as such.
    pub fn origin(&self, name: &str) -> String {
        match &self.user {
            Some(dir) if dir.join(name).is_file() => dir.join(name).display().to_string(),
            _ => format!("{name} (built in)"),
        }
    }

    /// Names of the files directly in the folder `sub` (built-in and user's), sorted.
    pub fn files_in(&self, sub: &str) -> Vec<String> {
        let mut names: Vec<String> = BUILT_IN
            .get_dir(sub)
            .map(|d| {
                d.files()
                    .filter_map(|f| f.path().to_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if let Some(dir) = &self.user
            && let Ok(entries) = std::fs::read_dir(dir.join(sub))
        {
            for e in entries.flatten() {
                if e.path().is_file()
                    && let Some(n) = e.file_name().to_str()
                {
                    names.push(format!("{sub}/{n}"));
                }
            }
        }
        names.sort();
        names.dedup();
        names
    }
}

/// `name` as a path inside the folder, or `None` if it would leave it.
pub(crate) fn safe_relative(name: &str) -> Option<PathBuf> {
    let path = Path::new(name.trim_start_matches('/'));
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_files_are_there() {
        let assets = Assets::built_in();
        assert!(assets.read("profil.yaml").is_some());
        assert!(assets.read("/stil.typ").is_some());
        assert!(assets.files_in("fonts").iter().any(|f| f.ends_with(".ttf")));
    }

    #[test]
    fn paths_that_leave_the_folder_are_refused() {
        let assets = Assets::built_in();
        assert!(assets.read("../Cargo.toml").is_none());
        assert!(assets.read("fonts/../../Cargo.toml").is_none());
        assert!(safe_relative("/etc/passwd").is_some_and(|p| p == Path::new("etc/passwd")));
    }
}
