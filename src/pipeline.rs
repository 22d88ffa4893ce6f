//! One case file through every stage: load → check & compute → template → typeset, ready to write.
//!
//! What belongs to a meeting (its items, their numbers, the names in the
//! minutes, the complete packet) is [`crate::meeting`]'s.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::assets::Assets;
use crate::bilag::conformance::Level;
use crate::bilag::{self, Bilag};
use crate::check::{self, Printable};
use crate::diagnostic::Diagnostic;
use crate::load::{self, Case, SourceFile};
use crate::meeting;
pub use crate::meeting::packet::{Packet, PacketPart, PartSource};
use crate::template::Templates;
use crate::typeset::{PdfMeta, Typesetter};
use crate::write;

/// Everything loaded once per process: the template folder, its templates
/// and profile, and the typesetter with the fonts.
pub struct Engine {
    pub templates: Templates,
    pub typesetter: Typesetter,
    /// Which edition the documents are made in.
    pub edition: Edition,
    /// The bilag files: checked, converted to PDF/A and cached.
    pub bilag: Arc<Bilag>,
    /// The folders being rendered, links resolved; bilag must lie inside.
    pub roots: Vec<PathBuf>,
    /// Show Typst's errors against the generated source (`--keep-typ`, for
    /// template authors) instead of saying them about the case file.
    pub show_generated: bool,
    /// The template folder given, if any (approved minutes record its files).
    pub template_dir: Option<PathBuf>,
    /// SHA-256 over the template folder given, recorded in every PDF's manifest.
    pub templates_hash: Option<String>,
    /// Bilag files that stand in for the real ones when a PDF is rendered
    /// again from its embedded sources, with the SHA-256 of the real ones.
    pub stand_ins: std::collections::BTreeMap<PathBuf, String>,
    /// Whether a meeting's complete packet is wanted (`--samlet`, publishing,
    /// verifying a packet). Without it a meeting does not gather the
    /// packet's parts nor describe the files it would embed.
    pub packets: bool,
}

/// The internal edition shows everything; the public one, published on the
/// municipality's website, shows a closed item only by number, title and
/// the decision as it may be published (`offentlig_beslutning`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Edition {
    #[default]
    Intern,
    Offentlig,
}

impl Edition {
    /// An item as this edition shows it.
    pub fn item(self, view: check::PunktView) -> check::PunktView {
        match self {
            Edition::Offentlig if view.lukket => check::closed_item(view),
            _ => view,
        }
    }

    /// A file name of this edition: `…_offentlig.pdf` for the public one.
    pub fn file_name(self, name: String) -> String {
        match self {
            Edition::Intern => name,
            Edition::Offentlig => name.replace(".pdf", "_offentlig.pdf"),
        }
    }
}

impl Engine {
    /// Loads the built-in template folder, or `dir` over it.
    pub fn new(dir: Option<&Path>) -> Result<Engine, String> {
        let assets = match dir {
            Some(dir) => Assets::with_user_dir(dir)?,
            None => Assets::built_in(),
        };
        let templates = Templates::load(&assets)?;
        let typesetter = Typesetter::new(&assets);
        for family in &templates.profile.skrifttyper {
            if !typesetter.fonts().has_family(family) {
                return Err(format!(
                    "the profile names the font `{family}`, but the template folder's fonts/ has no such font"
                ));
            }
        }
        let templates_hash = dir.map(crate::provenance::templates_hash).transpose()?;
        Ok(Engine {
            templates_hash,
            stand_ins: Default::default(),
            templates,
            typesetter,
            edition: Edition::Intern,
            bilag: Bilag::new(None, bilag::DEFAULT_LIMIT),
            roots: Vec::new(),
            show_generated: false,
            template_dir: dir.map(Path::to_path_buf),
            packets: true,
        })
    }
}

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
    pub attachments: Vec<Attachment>,
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
}

/// A bilag file of an item, to write beside it.
#[derive(Clone)]
pub struct Attachment {
    /// Its file name by the convention: `Punkt_100_Bilag_1_Rekrutteringsstrategidocx.pdf`.
    pub name: String,
    /// The file as received.
    pub source: PathBuf,
    /// Its `fil:` line, for what becomes of it.
    pub origin: Diagnostic,
}

/// Loads, checks and templates the case file at `path`.
pub fn prepare(engine: &Engine, path: &Path) -> Result<Prepared, Failure> {
    let loaded = load::load(path).map_err(|d| Failure::one(*d))?;
    let source = &loaded.source;
    let fail = |diagnostics: Vec<Diagnostic>| Failure { diagnostics };
    let fonts = engine.typesetter.fonts();
    let has_glyph = |c: char| fonts.has_glyph(c);
    let printable = Printable {
        has_glyph: &has_glyph,
        roots: &engine.roots,
    };
    let template_failed = |e: String| fail(vec![source.error(format!("the template failed: {e}"))]);
    let mut attachments = Vec::new();
    let mut generated = Vec::new();
    let mut meeting_parts = None;
    let mut meeting_items = None;
    let mut warnings = Vec::new();
    let (typst, name, date) = match &loaded.case {
        Case::Punkt(punkt) => {
            let (view, found) =
                meeting::item(source, punkt, &printable, engine.edition).map_err(fail)?;
            warnings = found;
            let typst = engine.templates.punkt(&view).map_err(template_failed)?;
            generated = generated_bilag(engine, source, &view).map_err(template_failed)?;
            attachments = view
                .bilag
                .iter()
                .enumerate()
                .filter_map(|(i, b)| {
                    let fil = b.fil.as_ref()?;
                    Some(Attachment {
                        name: engine.edition.file_name(write::bilag_file_name(&view, b)),
                        source: fil.into(),
                        origin: fil_line(source, i, fil),
                    })
                })
                .collect();
            for a in &attachments {
                engine.bilag.start(&a.source);
            }
            (typst, write::punkt_file_name(&view), view.dato)
        }
        Case::Notat(notat) => {
            let view = check::notat::check(source, notat, &printable).map_err(fail)?;
            let typst = engine.templates.notat(&view).map_err(template_failed)?;
            (typst, write::notat_file_name(&view), view.dato)
        }
        Case::Moede(moede) => {
            let prepared = meeting::prepare(engine, source, moede, &printable).map_err(fail)?;
            warnings = prepared.warnings;
            let typst = engine
                .templates
                .moede(&prepared.view)
                .map_err(template_failed)?;
            let name = write::moede_file_name(&prepared.view);
            let dato = prepared.view.dato;
            let mut parts = prepared.parts;
            // The corrections, in a document of their own, also carried in
            // the complete packet after the minutes and their bilag.
            let tillaeg = meeting::corrections::tillaeg(engine, source, &prepared.view, &printable)
                .map_err(fail)?;
            if let Some(document) = tillaeg.clone().filter(|_| engine.packets) {
                parts.push(PacketPart {
                    title: meeting::corrections::TITLE.to_string(),
                    source: PartSource::Generated(Box::new(document)),
                    origin: source.error(String::new()),
                    index: 0,
                });
            }
            generated.extend(tillaeg);
            meeting_parts = Some((parts, prepared.view));
            meeting_items = Some(prepared.items);
            (typst, name, dato)
        }
        Case::Rettelse(_) => {
            return Err(fail(vec![
                source
                    .error("a correction is printed with its meeting, in the meeting's \"Tillæg til referat\"")
                    .help("render the meeting folder (the one holding moede.yaml and this file)"),
            ]));
        }
    };
    let name = engine.edition.file_name(name);
    // The case files the documents are made from, embedded in each.
    let sources = crate::provenance::Sources::of(
        engine,
        source,
        &loaded.case,
        &printable,
        meeting_items.as_deref(),
    );
    for g in &mut generated {
        g.meta.files = sources.embedded(engine, &g.name, true);
    }
    let meta = |name: &str, corrections: bool| PdfMeta {
        // Stable across revisions of the document: who published it and under what name.
        ident: format!("{}/{name}", engine.templates.profile.kommune),
        date,
        level: Level::OWN,
        files: sources.embedded(engine, name, corrections),
    };
    let packet = meeting_parts
        .filter(|_| engine.packets)
        .map(|(parts, view)| {
            let name = name.replace(".pdf", "_samlet.pdf");
            Packet {
                meta: meta(&name, true),
                name,
                view,
                parts,
            }
        });
    Ok(Prepared {
        attachments,
        generated,
        meta: meta(&name, false),
        name,
        typst,
        source: source.clone(),
        packet,
        warnings,
    })
}

/// The bilag an item lists without a file that the tool can make from its
/// figures: today the history of its omgørelser block, as its own PDF.
pub(crate) fn generated_bilag(
    engine: &Engine,
    source: &SourceFile,
    view: &check::PunktView,
) -> Result<Vec<Prepared>, String> {
    let has_history = view
        .blokke
        .omgoerelser
        .as_ref()
        .is_some_and(|o| !o.historik.is_empty());
    if !has_history {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for bilag in view.bilag.iter().filter(|b| b.fil.is_none()) {
        let name = engine
            .edition
            .file_name(write::bilag_file_name(view, bilag));
        out.push(Prepared {
            typst: engine.templates.bilag(view, bilag)?,
            meta: PdfMeta {
                ident: format!("{}/{name}", engine.templates.profile.kommune),
                date: view.dato,
                level: Level::OWN,
                files: Vec::new(),
            },
            name,
            attachments: Vec::new(),
            generated: Vec::new(),
            source: source.clone(),
            packet: None,
            warnings: Vec::new(),
        });
    }
    Ok(out)
}

/// The place of an item's `bilag[i].fil` (`fil` as resolved against the
/// item's folder), for what becomes of that file.
pub(crate) fn fil_line(source: &SourceFile, i: usize, fil: &str) -> Diagnostic {
    let typed = Path::new(fil)
        .strip_prefix(source.dir())
        .unwrap_or(Path::new(fil));
    let len = typed.to_string_lossy().chars().count();
    source
        .error(String::new())
        .at(source.value_place(&format!("bilag[{i}].fil"), len))
}

/// The warning for a bilag whose engine is not installed.
pub fn missing_engine(at: Diagnostic, path: &Path, engine: bilag::Engine) -> Diagnostic {
    let mut d = at;
    d.message = format!(
        "bilag `{}` is left out: it needs {} to become PDF/A, which is not installed (apt-get install {})",
        path.display(),
        engine.name(),
        engine.packages()
    );
    d.label("this bilag")
        .help("it is neither written beside the item nor put in the complete packet, whose list of bilag says so; install the packages and render again")
        .as_warning()
}

/// The error for a bilag that cannot be made PDF/A.
pub fn cannot_be_pdfa(at: Diagnostic, path: &Path, why: &str) -> Diagnostic {
    let mut d = at;
    d.message = format!("bilag `{}` cannot be made PDF/A: {why}", path.display());
    d.label("this bilag")
        .help("nothing of it is written; save it anew (as PDF/A, or as an ordinary PDF without a password) and render again")
}

/// Typesets a prepared case into its PDF.
pub fn typeset(engine: &Engine, prepared: Prepared) -> Result<Document, Failure> {
    match engine.typesetter.pdf(prepared.typst, &prepared.meta) {
        Ok(pdf) => Ok(Document {
            name: prepared.name,
            pdf,
        }),
        Err(diagnostics) => Err(Failure {
            diagnostics: blame_the_text(&prepared.source, diagnostics, engine.show_generated),
        }),
    }
}

/// Typst's complaints about a character no font can print are about the
/// case file's text: they become errors at that character in the case file.
/// Its other errors in the generated source are said about the case file
/// too, unless `show_generated` (`--keep-typ`).
fn blame_the_text(
    source: &SourceFile,
    diagnostics: Vec<Diagnostic>,
    show_generated: bool,
) -> Vec<Diagnostic> {
    let mut reported = Vec::new();
    let mut out = Vec::new();
    for d in diagnostics {
        let Some(c) = unprintable_char(&d.message) else {
            out.push(if show_generated {
                d
            } else {
                in_the_case_file(source, d)
            });
            continue;
        };
        if reported.contains(&c) {
            continue;
        }
        reported.push(c);
        let place = source
            .text
            .find(c)
            .map(|at| crate::diagnostic::Place::of_offset(&source.text, at, c.len_utf8()));
        out.push(
            source
                .error(format!(
                    "the character `{c}` (U+{:04X}) cannot be printed: none of the bundled fonts has it",
                    c as u32
                ))
                .at(place)
                .label("this character")
                .help("write it in words or with other characters, or add a font that has it to the templates' `fonts/` folder"),
        );
    }
    out
}

/// A Typst error in the generated source, said about the case file: the
/// generated source is never shown (`--keep-typ` writes it, for template
/// authors). Errors in a template folder's own files stay theirs.
fn in_the_case_file(source: &SourceFile, d: Diagnostic) -> Diagnostic {
    if d.file != Path::new(crate::typeset::GENERATED) {
        return d;
    }
    let mut out = source
        .error(format!(
            "this case file could not be typeset: {}",
            d.message
        ))
        .help("an extreme text (thousands of paragraphs, list items or table cells) can cause this: shorten it, or move it into a bilag");
    out.help
        .extend(d.help.into_iter().filter(|h| !h.contains("--keep-typ")));
    out.help("template authors: `render --keep-typ` writes the generated Typst source next to the output, where Typst's error can be found".to_string())
}

/// The character in Typst's "the text `\"✖\"` could not be displayed" and
/// "disallowed codepoint `\"\\u{feff}\"`" messages.
fn unprintable_char(message: &str) -> Option<char> {
    if !(message.contains("could not be displayed") || message.contains("disallowed codepoint")) {
        return None;
    }
    let quoted = message.split("`\"").nth(1)?.split("\"`").next()?;
    match quoted.strip_prefix("\\u{") {
        Some(hex) => char::from_u32(u32::from_str_radix(hex.trim_end_matches('}'), 16).ok()?),
        None => quoted.chars().next(),
    }
}

/// The whole pipeline for one case file, up to the bytes of its PDF.
pub fn render(engine: &Engine, path: &Path) -> Result<Document, Failure> {
    typeset(engine, prepare(engine, path)?)
}
