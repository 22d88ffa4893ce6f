//! Stage 4, typeset: compiles generated Typst source in-process into a tagged PDF/A-3a + PDF/UA-1 document carrying its case files (a packet: the level its bilag allow).

pub mod blame;
mod fonts;
pub mod packet;
mod world;

use std::sync::Arc;

use typst::World;
use typst::diag::{Severity, SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Smart};
use typst::utils::LazyHash;
use typst::{Feature, Library, LibraryExt, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::assets::Assets;
use crate::bilag::conformance::{Conformance, Level};
use crate::check::DateView;
use crate::diagnostic::{Diagnostic, Place};
pub use fonts::Fonts;
use world::DocumentWorld;

/// The name Typst's errors in the generated source go by, until the
/// pipeline says them about the case file.
pub const GENERATED: &str = "main.typ (generated)";

/// What a PDF needs besides its source.
#[derive(Debug, Clone)]
pub struct PdfMeta {
    /// Stable identifier of the document (same case, same identifier).
    pub ident: String,
    /// The document date; also the PDF's creation timestamp.
    pub date: DateView,
    /// The PDF/A and PDF/UA level to export at: [`Level::OWN`] but for a
    /// packet whose bilag pass less.
    pub level: Level,
    /// The files the document is made from, embedded as PDF/A-3 associated files.
    pub files: Vec<Embedded>,
}

/// A file embedded in a PDF: a case file (relationship `Source`) or the
/// manifest saying how the document was made (`Supplement`).
#[derive(Debug, Clone)]
pub struct Embedded {
    /// Its name in the PDF: a plain file name or a relative path.
    pub name: String,
    pub bytes: Vec<u8>,
    pub mime: &'static str,
    pub description: String,
    /// `source` or `supplement`.
    pub relationship: &'static str,
}

/// The Typst markup that attaches `files`, whose bytes the world serves
/// under [`world::embedded_path`]: names and descriptions are string
/// literals, never markup.
fn bilag_files(files: &[Embedded]) -> String {
    use crate::template::escape::string;
    let mut out = String::new();
    for (i, file) in files.iter().enumerate() {
        out.push_str(&format!(
            "\n#pdf.attach({}, read({}, encoding: none), relationship: {}, mime-type: {}, description: {})",
            string(&file.name),
            string(&world::embedded_path(i)),
            string(file.relationship),
            string(file.mime),
            string(&file.description),
        ));
    }
    out
}

/// The typesetter of a process: library, fonts and template folder, loaded
/// once and shared by every document (and thread).
pub struct Typesetter {
    library: LazyHash<Library>,
    fonts: Fonts,
    assets: Assets,
    /// Documents being compiled right now, on any thread.
    compiling: std::sync::atomic::AtomicUsize,
    sources: world::Sources,
}

impl Typesetter {
    pub fn new(assets: &Assets) -> Typesetter {
        Typesetter {
            // A11yExtras: `pdf.header-cell(scope: "row")` for the row
            // headers of figure tables, and `pdf.data-cell` for a corner.
            library: LazyHash::new(
                Library::builder()
                    .with_features([Feature::A11yExtras].into_iter().collect())
                    .build(),
            ),
            fonts: Fonts::load(assets),
            assets: assets.clone(),
            compiling: std::sync::atomic::AtomicUsize::new(0),
            sources: world::Sources::default(),
        }
    }

    pub fn fonts(&self) -> &Fonts {
        &self.fonts
    }

    /// Compiles `source` and exports it at `meta.level` (PDF/A-3a and PDF/UA-1 but for a packet), with `meta.files` attached.
    ///
    /// Typst's memo cache is trimmed first, of what earlier documents left
    /// in it: documents of a batch share little, and the cache would
    /// otherwise grow with every document. The last document's is left to
    /// the end of the process, or to the next document `watch` makes.
    pub fn pdf(&self, source: String, meta: &PdfMeta) -> Result<Vec<u8>, Vec<Diagnostic>> {
        use std::sync::atomic::Ordering;
        let others = self.compiling.fetch_add(1, Ordering::SeqCst);
        // Alone, the cache is emptied. While another thread compiles, only
        // what no document used in the last few is dropped: emptying it would
        // throw away the other document's work in the middle of its layout.
        typst::comemo::evict(if others == 0 { 0 } else { 3 });
        let result = self.compile_and_export(source, meta);
        self.compiling.fetch_sub(1, Ordering::SeqCst);
        result
    }

    fn compile_and_export(
        &self,
        source: String,
        meta: &PdfMeta,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let Some(date) =
            Datetime::from_ymd(meta.date.aar, meta.date.maaned as u8, meta.date.dag as u8)
        else {
            return Err(vec![Diagnostic::new(
                GENERATED,
                format!("the document date {:?} is not a valid date", meta.date),
            )]);
        };
        let mut source = source;
        source.push_str(&bilag_files(&meta.files));
        let world = DocumentWorld {
            shared: self,
            main: typst::syntax::Source::new(*world::MAIN, source),
            today: date,
            embedded: &meta.files,
        };
        let fail = |world: &DocumentWorld, errors: &[SourceDiagnostic]| {
            errors.iter().map(|d| to_diagnostic(world, d)).collect()
        };
        let Warned {
            output,
            warnings: _,
        } = typst::compile::<PagedDocument>(&world);
        let document = output.map_err(|errors| fail(&world, &errors))?;

        let timestamp = Datetime::from_ymd_hms(
            meta.date.aar,
            meta.date.maaned as u8,
            meta.date.dag as u8,
            0,
            0,
            0,
        )
        .map(Timestamp::new_utc);
        let standards = standards(meta.level);
        let options = PdfOptions {
            ident: Smart::Custom(meta.ident.clone()),
            timestamp,
            standards,
            tagged: true,
            ..PdfOptions::default()
        };
        typst_pdf::pdf(&document, &options).map_err(|errors| fail(&world, &errors))
    }
}

/// Typst's standards for `level`: PDF/A-3 (PDF/A-2 for `part` 2) at its
/// conformance, and PDF/UA-1 if it is.
fn standards(level: Level) -> PdfStandards {
    let pdfa = match (level.part, level.conformance) {
        (2, Conformance::A) => PdfStandard::A_2a,
        (2, Conformance::U) => PdfStandard::A_2u,
        (2, Conformance::B) => PdfStandard::A_2b,
        (_, Conformance::A) => PdfStandard::A_3a,
        (_, Conformance::U) => PdfStandard::A_3u,
        (_, Conformance::B) => PdfStandard::A_3b,
    };
    let list: &[PdfStandard] = if level.ua {
        &[pdfa, PdfStandard::Ua_1]
    } else {
        &[pdfa]
    };
    PdfStandards::new(list).expect("PDF/A and PDF/UA-1 are compatible")
}

/// A Typst diagnostic as ours, placed in the file it concerns: the
/// generated source, or a file of the template folder.
fn to_diagnostic(world: &DocumentWorld, d: &SourceDiagnostic) -> Diagnostic {
    let kind = match d.severity {
        Severity::Error => "",
        Severity::Warning => "warning: ",
    };
    let message = format!("{kind}{}", d.message);
    let mut out = match d.span.id() {
        Some(id) if id != *world::MAIN => {
            let name = id.get().vpath().get_without_slash();
            Diagnostic::new(world.shared.assets.origin(name), message)
        }
        _ => Diagnostic::new(GENERATED, message).help(
            "Typst could not typeset the generated source: a template may be at fault, or an extreme text in the case file (a word of thousands of letters, quotes nested dozens deep); `--keep-typ` writes the source next to the output",
        ),
    };
    if let (Some(id), Some(range)) = (d.span.id(), world.range(d.span))
        && let Ok(source) = world.source(id)
    {
        let text: Arc<str> = source.text().into();
        out = out
            .at(Some(Place::of_offset(
                &text,
                range.start,
                range.len().max(1),
            )))
            .in_text(text);
    }
    for hint in &d.hints {
        // Typst's command-line advice does not apply here.
        if !hint.v.contains("--root") {
            out = out.help(hint.v.to_string());
        }
    }
    out
}
