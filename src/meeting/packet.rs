//! A meeting's complete packet (`render --samlet`): which bilag it carries, in what order and under what bookmark, and its typesetting; the PDF-level join is `typeset::packet`.

use crate::bilag::conformance::{Conformance, Level};
use crate::bilag::{self, Outcome};
use crate::check::PunktView;
use crate::diagnostic::Diagnostic;
use crate::engine::Engine;
use crate::load::SourceFile;
use crate::prepared::{self, Document, Failure, Packet, PacketBilag, PacketBilagSource, Prepared};
use crate::typeset::PdfMeta;

/// The bilag of one item of a meeting, as parts of the meeting's packet;
/// `listed` bilag of the meeting come before the item's. Their conversions
/// to PDF/A start only when the packet is to be made ([`start`]): the
/// meeting's own document needs none of them.
pub fn parts(
    engine: &Engine,
    source: &SourceFile,
    item: &PunktView,
    listed: usize,
) -> Result<Vec<PacketBilag>, crate::template::TemplateError> {
    let mut generated = prepared::generated_bilag(engine, source, item)?.into_iter();
    let mut parts = Vec::new();
    for (i, bilag) in item.bilag.iter().enumerate() {
        // A bilag that may not be published is only listed, by its title.
        if bilag.tilbageholdt {
            continue;
        }
        let title = match item.nummer {
            Some(n) => format!("Punkt {n}, bilag {}: {}", bilag.nummer, bilag.titel),
            None => format!("Bilag {}: {}", bilag.nummer, bilag.titel),
        };
        let (source_of_part, origin) = match &bilag.fil {
            Some(fil) => (
                PacketBilagSource::File(fil.into()),
                prepared::fil_line(source, i, fil),
            ),
            None => match generated.next() {
                Some(p) => (
                    PacketBilagSource::Generated(Box::new(p)),
                    source.error(String::new()).at(source
                        .value_place(&format!("bilag[{i}].titel"), bilag.titel.chars().count())),
                ),
                // Listed only: there is nothing to put in the packet.
                None => continue,
            },
        };
        parts.push(PacketBilag {
            origin,
            title,
            source: source_of_part,
            index: listed + i,
        });
    }
    Ok(parts)
}

/// Starts making the packet's bilag files PDF/A, in the background, while
/// the meeting is typeset.
pub fn start(engine: &Engine, packet: &Packet) {
    for part in &packet.parts {
        if let PacketBilagSource::File(fil) = &part.source {
            engine.conversions().start(fil);
        }
    }
}

/// Typesets a meeting's complete packet: its document followed by every
/// bilag, each made PDF/A (converted where it must be) and validated. The
/// packet claims the level its weakest part passes, and passes it; a bilag
/// whose converter is missing is left out, with a warning, and the packet's
/// list of bilag says so. Returns the packet and the warnings.
pub fn typeset(
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
            PacketBilagSource::Generated(p) => (prepared::typeset(engine, *p)?.pdf, Level::OWN),
            PacketBilagSource::File(path) => match engine.conversions().get(&path) {
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
                                .converter
                                .map(|e| format!(" as {} made it", e.name()))
                                .unwrap_or_default()
                        ));
                    }
                    (bytes, ready.level)
                }
                Outcome::Missing(e) => {
                    packet.view.bilag[part.index].udeladt = true;
                    warnings.push(prepared::missing_converter(with(String::new()), &path, e));
                    continue;
                }
                Outcome::Failed(why) => {
                    return Err(Failure::one(prepared::cannot_be_pdfa(
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
    let template_failed = |e: crate::template::TemplateError| {
        Failure::one(source.error(format!("the template failed: {e}")))
    };
    let typst = engine
        .templates()
        .moede(&packet.view)
        .map_err(template_failed)?;
    let main = prepared::typeset(
        engine,
        Prepared {
            name: packet.name.clone(),
            typst,
            meta: PdfMeta {
                level,
                ..packet.meta
            },
            source: source.clone(),
            bilag_files: Vec::new(),
            generated: Vec::new(),
            packet: None,
            warnings: Vec::new(),
            persondata: Vec::new(),
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
        warnings.push(d.help("a bilag saved as PDF/A-2a with PDF/UA (Word: Save as PDF, Options, \"PDF/A compliant\" and \"Document structure tags for accessibility\") keeps the packet at PDF/A-3a + PDF/UA-1; a scan cannot be, and a description of it in the item's text helps readers who cannot see it"));
    }
    Ok((
        Document {
            name: main.name,
            pdf,
        },
        warnings,
    ))
}
