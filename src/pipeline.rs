//! One case file through every stage: load → check & compute → template → typeset, ready to write.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::assets::Assets;
use crate::bilag::conformance::{Conformance, Level};
use crate::bilag::{self, Bilag, Outcome};
use crate::check::{self, Printable};
use crate::diagnostic::Diagnostic;
use crate::load::{self, Case, SourceFile};
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
}

/// The internal edition shows everything; the public one, published on the
/// municipality's website, shows a closed item only by number and title.
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
        Ok(Engine {
            templates,
            typesetter,
            edition: Edition::Intern,
            bilag: Bilag::new(None, bilag::DEFAULT_LIMIT),
            roots: Vec::new(),
            show_generated: false,
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
}

/// A bilag file of an item, to write beside it.
pub struct Attachment {
    /// Its file name by the convention: `Punkt_100_Bilag_1_Rekrutteringsstrategidocx.pdf`.
    pub name: String,
    /// The file as received.
    pub source: PathBuf,
    /// Its `fil:` line, for what becomes of it.
    pub origin: Diagnostic,
}

/// The complete packet of a meeting (`render --samlet`), before typesetting.
pub struct Packet {
    /// `Referat_…_samlet.pdf`.
    pub name: String,
    pub meta: PdfMeta,
    /// The meeting, whose document opens the packet.
    pub view: check::moede::MoedeView,
    /// Every bilag of the meeting's items, in order.
    pub parts: Vec<PacketPart>,
}

/// One bilag of a packet.
pub struct PacketPart {
    /// Its bookmark: "Punkt 96, bilag 1: Tal for omgørelsesprocenter 2016-2020".
    pub title: String,
    pub source: PartSource,
    /// Where the item names it, for what becomes of it.
    pub origin: Diagnostic,
    /// Its place in the meeting's list of bilag.
    pub index: usize,
}

/// Where a packet's bilag comes from.
pub enum PartSource {
    /// A PDF the item points to.
    File(std::path::PathBuf),
    /// A bilag the tool makes from the item's figures.
    Generated(Box<Prepared>),
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
    let (typst, name, date) = match &loaded.case {
        Case::Punkt(punkt) => {
            let mut view = check::punkt(source, punkt, &printable).map_err(fail)?;
            if view.nummer.is_none() {
                view.nummer = number_in_meeting(source, &printable);
            }
            let view = engine.edition.item(view);
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
                        origin: fil_line(source, i, fil.len()),
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
            let items: Vec<(SourceFile, check::PunktView)> =
                meeting_items(source, moede, &printable)
                    .map_err(fail)?
                    .into_iter()
                    .map(|(source, item)| (source, engine.edition.item(item)))
                    .collect();
            let mut parts = Vec::new();
            let mut listed = 0;
            for (item_source, item) in &items {
                parts.extend(
                    packet_parts(engine, item_source, item, listed).map_err(template_failed)?,
                );
                listed += item.bilag.len();
            }
            let items = items.into_iter().map(|(_, item)| item).collect();
            let view = check::moede::check(
                source,
                moede,
                &printable,
                &engine.templates.profile.kommune,
                items,
            )
            .map_err(fail)?;
            let typst = engine.templates.moede(&view).map_err(template_failed)?;
            let name = write::moede_file_name(&view);
            let dato = view.dato;
            meeting_parts = Some((parts, view));
            (typst, name, dato)
        }
    };
    let name = engine.edition.file_name(name);
    let meta = |name: &str| PdfMeta {
        // Stable across revisions of the document: who published it and under what name.
        ident: format!("{}/{name}", engine.templates.profile.kommune),
        date,
        level: Level::OWN,
    };
    let packet = meeting_parts.map(|(parts, view)| {
        let name = name.replace(".pdf", "_samlet.pdf");
        Packet {
            meta: meta(&name),
            name,
            view,
            parts,
        }
    });
    Ok(Prepared {
        attachments,
        generated,
        meta: meta(&name),
        name,
        typst,
        source: source.clone(),
        packet,
    })
}

/// The place of an item's `bilag[i].fil`, for what becomes of that file.
fn fil_line(source: &SourceFile, i: usize, len: usize) -> Diagnostic {
    source
        .error(String::new())
        .at(source.value_place(&format!("bilag[{i}].fil"), len))
}

/// The bilag of one item of a meeting, as parts of the meeting's packet;
/// `listed` bilag of the meeting come before the item's.
fn packet_parts(
    engine: &Engine,
    source: &SourceFile,
    item: &check::PunktView,
    listed: usize,
) -> Result<Vec<PacketPart>, String> {
    let mut generated = generated_bilag(engine, source, item)?.into_iter();
    let mut parts = Vec::new();
    for (i, bilag) in item.bilag.iter().enumerate() {
        let title = match item.nummer {
            Some(n) => format!("Punkt {n}, bilag {}: {}", bilag.nummer, bilag.titel),
            None => format!("Bilag {}: {}", bilag.nummer, bilag.titel),
        };
        let (source_of_part, key) = match &bilag.fil {
            Some(fil) => {
                engine.bilag.start(Path::new(fil));
                (PartSource::File(fil.into()), format!("bilag[{i}].fil"))
            }
            None => match generated.next() {
                Some(p) => (
                    PartSource::Generated(Box::new(p)),
                    format!("bilag[{i}].titel"),
                ),
                // Listed only: there is nothing to put in the packet.
                None => continue,
            },
        };
        let len = bilag.fil.as_ref().map_or(bilag.titel.len(), String::len);
        parts.push(PacketPart {
            origin: source
                .error(String::new())
                .at(source.value_place(&key, len)),
            title,
            source: source_of_part,
            index: listed + i,
        });
    }
    Ok(parts)
}

/// The bilag an item lists without a file that the tool can make from its
/// figures: today the history of its omgørelser block, as its own PDF.
fn generated_bilag(
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
            },
            name,
            attachments: Vec::new(),
            generated: Vec::new(),
            source: source.clone(),
            packet: None,
        });
    }
    Ok(out)
}

/// The number the meeting of the item's folder (its `moede.yaml`) gives an
/// item that has none, so the item's own PDF carries it too.
fn number_in_meeting(source: &SourceFile, printable: &Printable) -> Option<u32> {
    let meeting = source.dir().join("moede.yaml");
    let loaded = load::load(&meeting).ok()?;
    let Case::Moede(moede) = &loaded.case else {
        return None;
    };
    let me = std::fs::canonicalize(&source.path).ok()?;
    meeting_items(&loaded.source, moede, printable)
        .ok()?
        .into_iter()
        .find(|(item, _)| std::fs::canonicalize(&item.path).ok().as_ref() == Some(&me))
        .and_then(|(_, view)| view.nummer)
}

/// The checked items of a meeting: the files `punkter` names, in that order,
/// or else every item file of the meeting's folder, by `nummer`.
fn meeting_items(
    source: &SourceFile,
    moede: &crate::load::model::Moede,
    printable: &Printable,
) -> Result<Vec<(SourceFile, check::PunktView)>, Vec<Diagnostic>> {
    let dir = source.dir();
    let mut problems = Vec::new();
    let files: Vec<(Option<String>, std::path::PathBuf)> = if moede.punkter.is_empty() {
        let mut found: Vec<std::path::PathBuf> = std::fs::read_dir(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
        found.retain(|p| {
            p.extension().is_some_and(|e| e == "yaml" || e == "yml")
                && p.file_name() != source.path.file_name()
        });
        found.sort();
        found.into_iter().map(|p| (None, p)).collect()
    } else {
        moede
            .punkter
            .iter()
            .enumerate()
            .map(|(i, name)| (Some(format!("punkter[{i}]")), dir.join(name.trim())))
            .collect()
    };
    let mut items = Vec::new();
    for (key, path) in files {
        match load::load(&path) {
            Ok(loaded) => match &loaded.case {
                Case::Punkt(punkt) => match check::punkt(&loaded.source, punkt, printable) {
                    Ok(view) => items.push((loaded.source.clone(), view)),
                    Err(_) => problems.push(
                        source
                            .error(format!(
                                "the item `{}` has errors (shown with that file), so the meeting document cannot be made",
                                path.display()
                            ))
                            .help("mend the item; the meeting document follows"),
                    ),
                },
                _ if key.is_none() => {} // other case files in the folder
                _ => problems.push(
                    source
                        .error(format!("`{}` is not an agenda item", path.display()))
                        .at(key.as_deref().and_then(|k| source.value_place(k, 1)))
                        .help("`punkter` lists the item files of the meeting"),
                ),
            },
            Err(_) if key.is_some() => problems.push(
                source
                    .error(format!("the item file `{}` cannot be read or has errors", path.display()))
                    .at(key.as_deref().and_then(|k| {
                        source.value_place(k, path.file_name().map_or(1, |n| n.len()))
                    }))
                    .help("`punkter` lists item files relative to the meeting file, e.g. `- 096-omgoerelsesprocenter-2020.yaml`"),
            ),
            Err(_) => problems.push(source.error(format!(
                "the file `{}` in the meeting's folder has errors (shown with that file), so the meeting document cannot be made",
                path.display()
            ))),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if moede.punkter.is_empty() {
        // By number; items without one keep their file order, after the numbered.
        items.sort_by_key(|(_, p)| p.nummer.unwrap_or(u32::MAX));
    }
    // The meeting numbers an item that has no number: one after the item before it.
    let mut last = 0;
    for (_, item) in &mut items {
        let nummer = *item.nummer.get_or_insert(last + 1);
        last = nummer;
    }
    Ok(items)
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

/// Typesets a meeting's complete packet: its document followed by every
/// bilag, each made PDF/A (converted where it must be) and validated. The
/// packet claims the level its weakest part passes, and passes it; a bilag
/// whose converter is missing is left out, with a warning, and the packet's
/// list of bilag says so. Returns the packet and the warnings.
pub fn typeset_packet(
    engine: &Engine,
    source: &SourceFile,
    mut packet: Packet,
) -> Result<(Document, Vec<Diagnostic>), Failure> {
    let mut warnings = Vec::new();
    let mut parts = Vec::new();
    let mut level = Level::OWN;
    let mut lowered_by = Vec::new();
    for part in packet.parts {
        let with = |message: String| {
            let mut d = part.origin.clone();
            d.message = message;
            d
        };
        let (bytes, part_level) = match part.source {
            PartSource::Generated(p) => (typeset(engine, *p)?.pdf, Level::OWN),
            PartSource::File(path) => match engine.bilag.get(&path) {
                Outcome::Ready(ready) => {
                    let bytes = std::fs::read(&ready.file).map_err(|e| {
                        Failure::one(with(format!(
                            "bilag `{}` cannot be read for the complete packet: {e}",
                            path.display()
                        )))
                    })?;
                    if ready.level.conformance < Conformance::A || !ready.level.ua {
                        lowered_by.push(format!(
                            "`{}` is {}{}",
                            path.display(),
                            ready.level,
                            ready
                                .engine
                                .map(|e| format!(" as {} made it", e.name()))
                                .unwrap_or_default()
                        ));
                    }
                    (bytes, ready.level)
                }
                Outcome::Missing(e) => {
                    packet.view.bilag[part.index].udeladt = true;
                    warnings.push(missing_engine(with(String::new()), &path, e));
                    continue;
                }
                Outcome::Failed(why) => {
                    return Err(Failure::one(cannot_be_pdfa(
                        with(String::new()),
                        &path,
                        &why,
                    )));
                }
            },
        };
        let doc = bilag::read_pdf(&bytes).map_err(|why| {
            Failure::one(with(format!(
                "bilag `{}` cannot be joined: {why}",
                part.title
            )))
        })?;
        level = level.with(part_level);
        parts.push(crate::typeset::packet::Part {
            title: part.title,
            doc,
        });
    }
    let template_failed =
        |e: String| Failure::one(source.error(format!("the template failed: {e}")));
    let typst = engine
        .templates
        .moede(&packet.view)
        .map_err(template_failed)?;
    let main = typeset(
        engine,
        Prepared {
            name: packet.name.clone(),
            typst,
            meta: PdfMeta {
                level,
                ..packet.meta
            },
            source: source.clone(),
            attachments: Vec::new(),
            generated: Vec::new(),
            packet: None,
        },
    )?;
    let pdf = crate::typeset::packet::join(&main.pdf, parts).map_err(|e| {
        Failure::one(source.error(format!("the complete packet cannot be joined: {e}")))
    })?;
    // The packet is judged like any bilag: by the validator, at the level it claims.
    let mut profiles = vec![level.pdfa_profile()];
    if level.ua {
        profiles.push(page_validation::ValidationProfile::PdfUa1);
    }
    for profile in profiles {
        if let Err(why) = bilag::conformance::passes(&pdf, profile) {
            return Err(Failure::one(source.error(format!(
                "the complete packet `{}` does not pass the validator at the level it claims: {why}",
                main.name
            ))));
        }
    }
    if level != Level::OWN {
        let mut d = source
            .error(format!(
                "the complete packet `{}` is {level}, not {}: not every bilag is",
                main.name,
                Level::OWN
            ))
            .as_warning();
        for why in lowered_by {
            d = d.help(why);
        }
        warnings.push(d.help("a bilag saved as PDF/A-2a with PDF/UA (Word: Save as PDF, Options, \"PDF/A compliant\" and \"Document structure tags for accessibility\") keeps the packet at PDF/A-2a + PDF/UA-1; a scan cannot be, and a description of it in the item's text helps readers who cannot see it"));
    }
    Ok((
        Document {
            name: main.name,
            pdf,
        },
        warnings,
    ))
}

/// The warning for a bilag whose engine is not installed.
pub fn missing_engine(at: Diagnostic, path: &Path, engine: bilag::Engine) -> Diagnostic {
    let mut d = at;
    d.message = format!(
        "bilag `{}` needs {} to become PDF/A, which is not installed: it is left out",
        path.display(),
        engine.name()
    );
    d.label("this bilag")
        .help(format!(
            "install it with `apt-get install {}`, then render again",
            engine.packages()
        ))
        .as_warning()
}

/// The error for a bilag that cannot be made PDF/A.
pub fn cannot_be_pdfa(at: Diagnostic, path: &Path, why: &str) -> Diagnostic {
    let mut d = at;
    d.message = format!("bilag `{}` cannot be made PDF/A: {why}", path.display());
    d.label("this bilag")
        .help("nothing of it is written; save it anew (as PDF/A, or as an ordinary PDF without a password) and render again")
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
