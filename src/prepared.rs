//! The prepared document: a case file checked and turned into Typst source with what goes with it (bilag files, generated bilag, the complete packet), then typeset; and why a case file gave no document.

use std::path::{Path, PathBuf};

use crate::bilag::Converter;
use crate::bilag::conformance::Level;
use crate::check::{self, moede::MoedeView};
use crate::diagnostic::Diagnostic;
use crate::engine::Engine;
use crate::load::SourceFile;
use crate::load::model::Persondata;
use crate::typeset::PdfMeta;
use crate::write;

/// A document ready to be written.
#[derive(Debug)]
pub struct Document {
    /// The file name by the municipality's convention.
    pub name: String,
    pub pdf: Vec<u8>,
}

/// Why a case file gave no document: every problem found.
#[derive(Debug)]
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
}

impl Failure {
    pub fn one(d: Diagnostic) -> Failure {
        Failure {
            diagnostics: vec![d],
        }
    }

    /// All problems as text, with snippets.
    pub fn render(&self, color: bool) -> String {
        self.diagnostics
            .iter()
            .map(|d| d.render(color))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A case file checked and turned into Typst source, not yet typeset.
#[derive(Clone)]
pub struct Prepared {
    pub name: String,
    /// Bilag files to write next to the document, as PDF/A.
    pub bilag_files: Vec<BilagFile>,
    /// Bilag the tool makes from the case's figures, typeset like documents.
    pub generated: Vec<Prepared>,
    pub typst: String,
    pub meta: PdfMeta,
    /// The case file, to place typesetting problems that come from its text.
    pub source: SourceFile,
    /// For a meeting: the complete packet, its document followed by every bilag.
    pub packet: Option<Packet>,
    /// What the user should know although the document can be made.
    pub warnings: Vec<Diagnostic>,
    /// The personal data the case's documents let through deliberately.
    pub persondata: Vec<Persondata>,
}

/// A bilag file of an item, to write beside it.
#[derive(Clone)]
pub struct BilagFile {
    /// Its file name by the convention: `Punkt_100_Bilag_1_Rekrutteringsstrategidocx.pdf`.
    pub name: String,
    /// The file as received.
    pub source: PathBuf,
    /// Its `fil:` line, for what becomes of it.
    pub origin: Diagnostic,
    /// The personal data it lets through deliberately.
    pub persondata: Option<Persondata>,
}

/// The complete packet of a meeting, before typesetting.
#[derive(Clone)]
pub struct Packet {
    /// `Referat_…_samlet.pdf`.
    pub name: String,
    pub meta: PdfMeta,
    /// The meeting, whose document opens the packet.
    pub view: MoedeView,
    /// Every bilag of the meeting's items, in order.
    pub parts: Vec<PacketBilag>,
}

/// One bilag of a packet.
#[derive(Clone)]
pub struct PacketBilag {
    /// Its bookmark: "Punkt 96, bilag 1: Tal for omgørelsesprocenter 2016-2020".
    pub title: String,
    pub source: PacketBilagSource,
    /// Where the item names it, for what becomes of it.
    pub origin: Diagnostic,
    /// Its place in the meeting's list of bilag.
    pub index: usize,
}

/// Where a packet's bilag comes from.
#[derive(Clone)]
pub enum PacketBilagSource {
    /// A PDF the item points to.
    File(PathBuf),
    /// A bilag the tool makes from the item's figures.
    Generated(Box<Prepared>),
}

/// Typesets a prepared case into its PDF.
pub fn typeset(engine: &Engine, prepared: Prepared) -> Result<Document, Failure> {
    match engine.typesetter().pdf(prepared.typst, &prepared.meta) {
        Ok(pdf) => Ok(Document {
            name: prepared.name,
            pdf,
        }),
        Err(diagnostics) => Err(Failure {
            diagnostics: crate::typeset::blame::blame_the_text(
                &prepared.source,
                diagnostics,
                engine.show_generated(),
            ),
        }),
    }
}

/// The bilag an item lists without a file that the tool can make from its
/// figures: today the history of its omgørelser block, as its own PDF.
pub fn generated_bilag(
    engine: &Engine,
    source: &SourceFile,
    view: &check::PunktView,
) -> Result<Vec<Prepared>, crate::template::TemplateError> {
    let has_history = view
        .blokke
        .omgoerelser
        .as_ref()
        .is_some_and(|o| !o.historik.is_empty());
    if !has_history {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for bilag in view
        .bilag
        .iter()
        .filter(|b| b.fil.is_none() && !b.tilbageholdt)
    {
        let name = write::edition_file_name(engine.edition(), write::bilag_file_name(view, bilag));
        out.push(Prepared {
            typst: engine.templates().bilag(view, bilag)?,
            meta: PdfMeta {
                ident: format!("{}/{name}", engine.templates().profile.kommune),
                date: view.dato,
                level: Level::OWN,
                files: Vec::new(),
            },
            name,
            bilag_files: Vec::new(),
            generated: Vec::new(),
            source: source.clone(),
            packet: None,
            warnings: Vec::new(),
            persondata: Vec::new(),
        });
    }
    Ok(out)
}

/// The place of an item's `bilag[i].fil` (`fil` as resolved against the
/// item's folder), for what becomes of that file.
pub fn fil_line(source: &SourceFile, i: usize, fil: &str) -> Diagnostic {
    let typed = Path::new(fil)
        .strip_prefix(source.dir())
        .unwrap_or(Path::new(fil));
    let len = typed.to_string_lossy().chars().count();
    source
        .error(String::new())
        .at(source.value_place(&format!("bilag[{i}].fil"), len))
}

/// The warning for a bilag whose converter is not installed.
pub fn missing_converter(at: Diagnostic, path: &Path, converter: Converter) -> Diagnostic {
    let mut d = at;
    d.message = format!(
        "bilag `{}` is left out: it needs {} to become PDF/A, which is not installed (apt-get install {})",
        path.display(),
        converter.name(),
        converter.packages()
    );
    d.label("this bilag")
        .help("it is neither written beside the item nor put in the complete packet, whose list of bilag says so; install the packages and render again")
        .as_warning()
}

/// The error for a bilag that cannot be made PDF/A.
pub fn cannot_be_pdfa(
    at: Diagnostic,
    path: &Path,
    why: &crate::bilag::convert::ConversionError,
) -> Diagnostic {
    let mut d = at;
    d.message = format!("bilag `{}` cannot be made PDF/A: {why}", path.display());
    d.label("this bilag")
        .help("nothing of it is written; save it anew (as PDF/A, or as an ordinary PDF without a password) and render again")
}
