//! A minimal Typst-only peer of `dagsorden render`: compiles one `.typ` file with the typst crates alone and exports it as tagged PDF/A-3a + PDF/UA-1 (the level dagsorden writes, without the embedded sources), the yardstick `bench/run.sh` holds the command line to.
//!
//! `typst_peer ROOT MAIN.typ OUT.pdf FONTS...`: `ROOT` is the folder the
//! source's imports are read from (the template folder), each of `FONTS` a
//! font file or a folder of them. Nothing of dagsorden is used; the world is
//! the smallest one Typst needs, as `typst compile` builds it: files read
//! from disk on demand, fonts parsed when first used.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

struct Slot {
    data: Bytes,
    index: u32,
    font: OnceLock<Option<Font>>,
}

struct Peer {
    root: PathBuf,
    main: FileId,
    /// The main file, served as `main.typ` at the root, where the generated source expects to be.
    main_path: PathBuf,
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Slot>,
}

impl World for Peer {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }
    fn main(&self) -> FileId {
        self.main
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_string()))
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = if id == self.main {
            self.main_path.clone()
        } else {
            self.root.join(id.get().vpath().get_without_slash())
        };
        std::fs::read(&path)
            .map(Bytes::new)
            .map_err(|e| FileError::from_io(e, &path))
    }
    fn font(&self, index: usize) -> Option<Font> {
        let slot = self.fonts.get(index)?;
        slot.font
            .get_or_init(|| Font::new(slot.data.clone(), slot.index))
            .clone()
    }
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Datetime::from_ymd(2021, 11, 29)
    }
}

fn font_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .expect("a font folder can be read")
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for e in entries {
            font_files(&e, out);
        }
    } else if path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc"))
    {
        out.push(path.to_path_buf());
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [root, main, out, fonts @ ..] = args.as_slice() else {
        panic!("usage: typst_peer ROOT MAIN.typ OUT.pdf FONTS...");
    };
    let main_path = PathBuf::from(main);
    let mut files = Vec::new();
    for f in fonts {
        font_files(Path::new(f), &mut files);
    }
    let mut book = FontBook::new();
    let mut slots = Vec::new();
    for file in files {
        let data = Bytes::new(std::fs::read(&file).expect("a font file can be read"));
        for (index, info) in (0..).map_while(|i| FontInfo::new(&data, i).map(|info| (i, info))) {
            book.push(info);
            slots.push(Slot {
                data: data.clone(),
                index,
                font: OnceLock::new(),
            });
        }
    }
    let world = Peer {
        root: PathBuf::from(root),
        main: RootedPath::new(
            VirtualRoot::Project,
            VirtualPath::new("main.typ").expect("a valid path"),
        )
        .intern(),
        main_path,
        library: LazyHash::new(Library::builder().build()),
        book: LazyHash::new(book),
        fonts: slots,
    };
    let document = typst::compile::<PagedDocument>(&world)
        .output
        .unwrap_or_else(|e| panic!("the source does not compile: {e:?}"));
    let options = PdfOptions {
        ident: Smart::Custom("peer".into()),
        timestamp: Datetime::from_ymd_hms(2021, 11, 29, 0, 0, 0).map(Timestamp::new_utc),
        standards: PdfStandards::new(&[PdfStandard::A_3a, PdfStandard::Ua_1])
            .expect("compatible standards"),
        tagged: true,
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options)
        .unwrap_or_else(|e| panic!("the document does not export: {e:?}"));
    std::fs::write(out, pdf).expect("the PDF can be written");
}
