//! One case file through every stage: load → check & compute → template → typeset, ready to write.
//!
//! What belongs to a meeting (its items, their numbers, the names in the
//! minutes, the complete packet) is [`crate::meeting`]'s.

use std::path::Path;

use crate::bilag::conformance::Level;
use crate::check::edition::Edition;
use crate::check::{self, Printable};
use crate::diagnostic::Diagnostic;
use crate::engine::Engine;
use crate::load::{self, Case};
use crate::meeting;
use crate::prepared::{
    BilagFile, Document, Failure, Packet, PacketBilag, PacketBilagSource, Prepared, fil_line,
    generated_bilag, typeset,
};
use crate::typeset::PdfMeta;
use crate::write;

/// Loads, checks and templates the case file at `path`.
pub fn prepare(engine: &Engine, path: &Path) -> Result<Prepared, Failure> {
    let loaded = load::load(path).map_err(|d| Failure::one(*d))?;
    let source = &loaded.source;
    let public = engine.edition() == Edition::Offentlig;
    // In the public edition no snippet shows personal data, whatever the
    // error is about.
    let fail = |mut diagnostics: Vec<Diagnostic>| {
        if public {
            for d in &mut diagnostics {
                if let Some(text) = &d.text {
                    d.text = Some(engine.persondata().masked(text));
                }
            }
        }
        Failure { diagnostics }
    };
    let fonts = engine.typesetter().fonts();
    let has_glyph = |c: char| fonts.has_glyph(c);
    let printable = Printable {
        has_glyph: &has_glyph,
        roots: engine.roots(),
    };
    let template_failed = |e: crate::template::TemplateError| {
        fail(vec![source.error(format!("the template failed: {e}"))])
    };
    let mut bilag_files = Vec::new();
    let mut generated = Vec::new();
    let mut meeting_parts = None;
    let mut meeting_items = None;
    let mut warnings = Vec::new();
    let mut exceptions = Vec::new();
    let (typst, name, date) = match &loaded.case {
        Case::Punkt(punkt) => {
            let (view, found) =
                meeting::item(source, punkt, &printable, engine.edition()).map_err(fail)?;
            warnings = found;
            let name = write::punkt_file_name(&view);
            crate::screening::item(engine, source, &view, &name).map_err(fail)?;
            exceptions = crate::screening::item_exceptions(&view);
            let typst = engine.templates().punkt(&view).map_err(template_failed)?;
            generated = generated_bilag(engine, source, &view).map_err(template_failed)?;
            bilag_files = view
                .bilag
                .iter()
                .enumerate()
                .filter_map(|(i, b)| {
                    let fil = b.fil.as_ref()?;
                    Some(BilagFile {
                        name: write::edition_file_name(
                            engine.edition(),
                            write::bilag_file_name(&view, b),
                        ),
                        source: fil.into(),
                        origin: fil_line(source, i, fil),
                        persondata: b.persondata.clone(),
                    })
                })
                .collect();
            for a in &bilag_files {
                engine.conversions().start(&a.source);
            }
            (typst, name, view.dato)
        }
        Case::Notat(notat) => {
            let view = check::notat::check(source, notat, &printable).map_err(fail)?;
            let name = write::notat_file_name(&view);
            crate::screening::memo(engine, source, &view, &name).map_err(fail)?;
            let typst = engine.templates().notat(&view).map_err(template_failed)?;
            (typst, name, view.dato)
        }
        Case::Moede(moede) => {
            let prepared = meeting::gather(engine, source, moede, &printable).map_err(fail)?;
            warnings = prepared.warnings;
            let name = write::moede_file_name(&prepared.view);
            crate::screening::meeting(engine, source, &prepared.view, &prepared.items, &name)
                .map_err(fail)?;
            exceptions = prepared
                .view
                .punkter
                .iter()
                .flat_map(crate::screening::item_exceptions)
                .collect();
            let typst = engine
                .templates()
                .moede(&prepared.view)
                .map_err(template_failed)?;
            let dato = prepared.view.dato;
            let mut parts = prepared.parts;
            // The corrections, in a document of their own, also carried in
            // the complete packet after the minutes and their bilag.
            let tillaeg = meeting::corrections::tillaeg(engine, source, &prepared.view, &printable)
                .map_err(fail)?;
            if let Some(document) = tillaeg.clone().filter(|_| engine.packets()) {
                parts.push(PacketBilag {
                    title: meeting::corrections::TITLE.to_string(),
                    source: PacketBilagSource::Generated(Box::new(document)),
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
    let name = write::edition_file_name(engine.edition(), name);
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
        ident: format!("{}/{name}", engine.templates().profile.kommune),
        date,
        level: Level::OWN,
        files: sources.embedded(engine, name, corrections),
    };
    let packet = meeting_parts
        .filter(|_| engine.packets())
        .map(|(parts, view)| {
            let name = write::packet_file_name(&name);
            Packet {
                meta: meta(&name, true),
                name,
                view,
                parts,
            }
        });
    Ok(Prepared {
        bilag_files,
        generated,
        meta: meta(&name, false),
        name,
        typst,
        source: source.clone(),
        packet,
        warnings,
        persondata: exceptions,
    })
}

/// The whole pipeline for one case file, up to the bytes of its PDF.
pub fn render(engine: &Engine, path: &Path) -> Result<Document, Failure> {
    typeset(engine, prepare(engine, path)?)
}
