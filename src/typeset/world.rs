//! The Typst `World` of one document: its generated source from memory, the template folder's files, the bundled fonts, a fixed date.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use super::Typesetter;

/// The file id of every document's generated source. One fixed path for all
/// documents: Typst's file ids are a global table that never shrinks.
pub static MAIN: LazyLock<FileId> = LazyLock::new(|| {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new("main.typ").expect("a valid path"),
    )
    .intern()
});

/// The template folder's Typst files, parsed once for every document of the
/// typesetter (a changed template folder gets a new typesetter).
pub type Sources = crate::memo::Memo<FileId, FileResult<Source>>;

pub struct DocumentWorld<'a> {
    pub shared: &'a Typesetter,
    pub main: Source,
    pub today: Datetime,
    /// The files the document embeds, served from memory.
    pub embedded: &'a [super::Embedded],
}

/// The folder of the embedded files' bytes, outside the template folder's names.
const EMBEDDED: &str = ".dagsorden-embedded";

/// The path the `i`th embedded file is read from.
pub fn embedded_path(i: usize) -> String {
    format!("/{EMBEDDED}/{i}")
}

impl World for DocumentWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.shared.fonts.book()
    }

    fn main(&self) -> FileId {
        *MAIN
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == *MAIN {
            return Ok(self.main.clone());
        }
        self.shared.sources.get_or(id, || {
            let bytes = self.file(id)?;
            let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
            Ok(Source::new(id, text.to_string()))
        })
    }

    /// Only files of the template folder; no packages, nothing else on disk.
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == *MAIN {
            return Ok(Bytes::from_string(self.main.text().to_string()));
        }
        let path = id.get();
        if !matches!(path.root(), VirtualRoot::Project) {
            return Err(FileError::Other(Some(
                "Typst packages are not available: everything a document uses ships in the template folder".into(),
            )));
        }
        let name = path.vpath().get_without_slash();
        if let Some(file) = name
            .strip_prefix(EMBEDDED)
            .and_then(|rest| rest.strip_prefix('/'))
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| self.embedded.get(i))
        {
            return Ok(Bytes::new(file.bytes.clone()));
        }
        self.shared
            .assets
            .read(name)
            .map(|bytes| Bytes::new(bytes.into_owned()))
            .ok_or_else(|| FileError::NotFound(name.into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.font(index)
    }

    /// The document's own date, so output never depends on the clock.
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
