//! A meeting's complete packet (`render --samlet`): which bilag it carries, in what order and under what bookmark, and its typesetting; the PDF-level join is `typeset::packet`.

use crate::check::PunktView;
use crate::diagnostic::Diagnostic;
use crate::load::SourceFile;
use crate::pipeline::{self, Document, Engine, Failure, Prepared};
use crate::typeset::PdfMeta;

/// The complete packet of a meeting, before typesetting.
pub struct Packet {
    /// `Referat_…_samlet.pdf`.
    pub name: String,
    pub meta: PdfMeta,
    /// Every bilag of the meeting's items, in order.
    pub parts: Vec<PacketPart>,
}

/// One bilag of a packet.
pub struct PacketPart {
    /// Its bookmark: "Punkt 96, bilag 1: Tal for omgørelsesprocenter 2016-2020".
    pub title: String,
    pub source: PartSource,
    /// Where the item names it, for a warning when it cannot be carried.
    pub origin: Diagnostic,
}

/// Where a packet's bilag comes from.
pub enum PartSource {
    /// A PDF the item points to.
    File(std::path::PathBuf),
    /// A bilag the tool makes from the item's figures.
    Generated(Box<Prepared>),
}

/// The bilag of one item of a meeting, as parts of the meeting's packet.
pub fn parts(
    engine: &Engine,
    source: &SourceFile,
    item: &PunktView,
) -> Result<Vec<PacketPart>, String> {
    let mut generated = pipeline::generated_bilag(engine, source, item)?.into_iter();
    let mut parts = Vec::new();
    for (i, bilag) in item.bilag.iter().enumerate() {
        let title = match item.nummer {
            Some(n) => format!("Punkt {n}, bilag {}: {}", bilag.nummer, bilag.titel),
            None => format!("Bilag {}: {}", bilag.nummer, bilag.titel),
        };
        let (source_of_part, key) = match &bilag.fil {
            Some(fil) => (PartSource::File(fil.into()), format!("bilag[{i}].fil")),
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
        });
    }
    Ok(parts)
}

/// Typesets a meeting's complete packet: its document (`typst`, made anew
/// under the packet's name) followed by every bilag that can be carried into
/// a PDF/A-2a + PDF/UA-1 file. A bilag that cannot is left out with a warning
/// naming it; the packet is never written non-conformant.
pub fn typeset(
    engine: &Engine,
    typst: String,
    source: &SourceFile,
    packet: Packet,
) -> Result<(Document, Vec<Diagnostic>), Failure> {
    let main = pipeline::typeset(
        engine,
        Prepared {
            name: packet.name.clone(),
            typst,
            meta: packet.meta,
            source: source.clone(),
            attachments: Vec::new(),
            generated: Vec::new(),
            packet: None,
            warnings: Vec::new(),
        },
    )?;
    let mut warnings = Vec::new();
    let mut parts = Vec::new();
    for part in packet.parts {
        let with = |message: String| {
            let mut d = part.origin.clone();
            d.message = message;
            d
        };
        let (bytes, file) = match part.source {
            PartSource::Generated(p) => (pipeline::typeset(engine, *p)?.pdf, None),
            PartSource::File(path) => match std::fs::read(&path) {
                Ok(bytes) => (bytes, Some(path)),
                Err(e) => {
                    return Err(Failure::one(with(format!(
                        "bilag `{}` cannot be read for the complete packet: {e}",
                        path.display()
                    ))));
                }
            },
        };
        match crate::typeset::packet::carry(&bytes) {
            Ok(doc) => parts.push(crate::typeset::packet::Part {
                title: part.title,
                doc,
            }),
            Err(why) => {
                let name = file.map_or(part.title.clone(), |f| f.display().to_string());
                warnings.push(
                    with(format!("bilag `{name}` is left out of the complete packet: {why}"))
                        .label("this bilag")
                        .help("the packet stays PDF/A-2a and PDF/UA-1, and the bilag is still written beside it; to have it in the packet, save it again as PDF/A with PDF/UA and tags (e.g. Word: Save as PDF, Options, \"PDF/A compliant\" and \"Document structure tags for accessibility\")")
                        .as_warning(),
                );
            }
        }
    }
    let pdf = crate::typeset::packet::join(&main.pdf, parts).map_err(|e| {
        Failure::one(source.error(format!("the complete packet cannot be joined: {e}")))
    })?;
    Ok((
        Document {
            name: main.name,
            pdf,
        },
        warnings,
    ))
}
