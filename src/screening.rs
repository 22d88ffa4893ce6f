//! The public edition screened for personal data: a case's public view before it is typeset (errors at their place in the case file), and every PDF it would publish read back before it is written (errors naming the page).
//!
//! The internal edition is never screened: it is not published.

use std::path::Path;

use crate::check::PunktView;
use crate::check::edition::Edition;
use crate::check::moede::MoedeView;
use crate::check::notat::NotatView;
use crate::diagnostic::Diagnostic;
use crate::engine::Engine;
use crate::load::SourceFile;
use crate::load::model::Persondata;
use crate::meeting::Shown;
use crate::persondata::{self, Check, ledger};
use crate::prepared::Document;

/// The exceptions an item's texts may use: its own and its bilag's (a
/// bilag's exception also covers its title).
pub fn item_exceptions(view: &PunktView) -> Vec<Persondata> {
    view.persondata
        .iter()
        .chain(view.bilag.iter().filter_map(|b| b.persondata.as_ref()))
        .cloned()
        .collect()
}

/// An item's public view: every text that reaches its template. `name` is
/// its document's name; nothing is screened in the internal edition.
pub fn item(
    engine: &Engine,
    source: &SourceFile,
    view: &PunktView,
    name: &str,
) -> Result<(), Vec<Diagnostic>> {
    if engine.edition() != Edition::Offentlig {
        return Ok(());
    }
    let exceptions = item_exceptions(view);
    let found = view_errors(
        engine.persondata(),
        source,
        view,
        &exceptions,
        persondata::IN_AN_ITEM,
    );
    refused(engine, source, name, found)
}

/// A memo's public view.
pub fn memo(
    engine: &Engine,
    source: &SourceFile,
    view: &NotatView,
    name: &str,
) -> Result<(), Vec<Diagnostic>> {
    if engine.edition() != Edition::Offentlig {
        return Ok(());
    }
    let found = view_errors(
        engine.persondata(),
        source,
        view,
        &[],
        persondata::IN_A_DOCUMENT,
    );
    refused(engine, source, name, found)
}

/// A meeting's public view: its own facts against `moede.yaml`, and each of
/// its items, as the meeting's document shows it, against the item's file.
pub fn meeting(
    engine: &Engine,
    source: &SourceFile,
    view: &MoedeView,
    items: &[Shown],
    name: &str,
) -> Result<(), Vec<Diagnostic>> {
    if engine.edition() != Edition::Offentlig {
        return Ok(());
    }
    let check = engine.persondata();
    // The items and their bilag are screened against their own files.
    let facts = MoedeView {
        punkter: Vec::new(),
        bilag: Vec::new(),
        ..view.clone()
    };
    let mut found = view_errors(check, source, &facts, &[], persondata::IN_A_DOCUMENT);
    for (item, (item_source, _, _)) in view.punkter.iter().zip(items) {
        let exceptions = item_exceptions(item);
        found.extend(view_errors(
            check,
            item_source,
            item,
            &exceptions,
            persondata::IN_AN_ITEM,
        ));
    }
    refused(engine, source, name, found)
}

/// The errors for every string of `view` (what reaches the template), at
/// their place in `source`.
fn view_errors(
    check: &Check,
    source: &SourceFile,
    view: &impl serde::Serialize,
    exceptions: &[Persondata],
    what_to_do: &str,
) -> Vec<(Diagnostic, ledger::Fund)> {
    // A view is plain data: it always serialises. Were it not to, nothing
    // of it would be checked, so that is an error (recorded as unread),
    // not an empty view that passes.
    let json = match serde_json::to_value(view) {
        Ok(json) => json,
        Err(e) => {
            let d = source.error(format!(
                "the public view cannot be checked for personal data: {e}"
            ));
            return vec![(
                d,
                ledger::Fund {
                    kind: "ulæst",
                    masked: String::new(),
                    side: None,
                },
            )];
        }
    };
    check.case_file_errors(
        source,
        persondata::strings(&json),
        &refs(exceptions),
        what_to_do,
    )
}

/// The errors found in a case file's view, recorded as its document withheld.
fn refused(
    engine: &Engine,
    source: &SourceFile,
    name: &str,
    found: Vec<(Diagnostic, ledger::Fund)>,
) -> Result<(), Vec<Diagnostic>> {
    if found.is_empty() {
        return Ok(());
    }
    let (errors, fund): (Vec<_>, Vec<_>) = found.into_iter().unzip();
    engine.persondata().record(ledger::Record {
        fil: crate::write::edition_file_name(engine.edition(), name.to_string()),
        art: ledger::Art::Dokument,
        kilde: source.path.display().to_string(),
        sider: None,
        tilbageholdt: true,
        fund,
        undtagelser: Vec::new(),
    });
    Err(errors)
}

fn refs(exceptions: &[Persondata]) -> Vec<&Persondata> {
    exceptions.iter().collect()
}

/// A bilag file of a case, as it would be published.
pub struct PublishedBilag<'a> {
    /// Its name in the output folder.
    pub name: &'a str,
    /// The PDF/A file to be copied there.
    pub file: &'a Path,
    /// Its `fil:` line.
    pub origin: &'a Diagnostic,
    /// What the bilag lets through.
    pub persondata: Option<&'a Persondata>,
}

/// Reads back the text of every PDF a case would publish (`documents`, its
/// `bilag`, the meeting's `packet`) and requires that nothing unallowed is
/// in it. `folder` is where they go, relative to the output; `exceptions`
/// are the case's own. Every file is recorded in the ledger.
pub fn readback(
    engine: &Engine,
    source: &SourceFile,
    folder: &Path,
    exceptions: &[Persondata],
    documents: &[&Document],
    bilag: &[PublishedBilag],
) -> Result<(), Vec<Diagnostic>> {
    let what_to_do = persondata::IN_A_PUBLISHED_PDF;
    let check = engine.persondata();
    let at_case = source.error(String::new());
    let mut errors = Vec::new();
    let own = refs(exceptions);
    for d in documents {
        let fil = relative(folder, &d.name);
        errors.extend(screen_pdf(
            check,
            source,
            &at_case,
            &fil,
            ledger::Art::Dokument,
            &d.pdf,
            &own,
            what_to_do,
        ));
    }
    for b in bilag {
        let fil = relative(folder, b.name);
        let mut allowed = own.clone();
        allowed.extend(b.persondata);
        let bytes = match std::fs::read(b.file) {
            Ok(bytes) => bytes,
            Err(e) => {
                let message = format!("cannot read back `{}`: {e}", b.file.display());
                errors.push(check.error_at(b.origin, message));
                continue;
            }
        };
        errors.extend(screen_pdf(
            check,
            source,
            b.origin,
            &fil,
            ledger::Art::Bilag,
            &bytes,
            &allowed,
            persondata::IN_A_BILAG,
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// One PDF read back: its errors, and its record in the ledger.
#[allow(clippy::too_many_arguments)]
fn screen_pdf(
    check: &Check,
    source: &SourceFile,
    origin: &Diagnostic,
    fil: &str,
    art: ledger::Art,
    pdf: &[u8],
    exceptions: &[&Persondata],
    what_to_do: &str,
) -> Vec<Diagnostic> {
    let masked_name = check.masked(fil.rsplit('/').next().unwrap_or(fil));
    let name: &str = &masked_name;
    // The tool's own documents hold only Typst's fonts; a bilag, and the
    // packet that carries bilag, hold anyone's.
    let maker = match art {
        ledger::Art::Dokument if !crate::write::is_packet(fil) => persondata::text::Maker::Typst,
        _ => persondata::text::Maker::Other,
    };
    let pages = match check.pdf_pages(pdf, maker) {
        Ok(pages) => pages,
        Err(e) => {
            let message = format!("`{name}` cannot be checked for personal data: {e}");
            let d = check.error_at(origin, message);
            check.record(record(source, fil, art, None, true, Vec::new(), Vec::new()));
            return vec![d.help(
                "nothing of it is published; save it anew as an ordinary PDF and render again",
            )];
        }
    };
    let (mut errors, mut fund, mut used) =
        check.page_errors(origin, name, &pages, exceptions, what_to_do);
    // What the PDF carries besides its pages: its metadata and embedded files.
    for (what, text) in persondata::text::pdf_attachments(pdf) {
        // An embedded case file brings its own exceptions: an item's PDF
        // carries its meeting's other items, each with what it lets through.
        let own = embedded_exceptions(&text);
        let mut allowed = exceptions.to_vec();
        allowed.extend(own.iter());
        let scan = check.scan(&text, &allowed);
        used.extend(scan.used);
        for f in scan.findings {
            let d = check.error_at(
                origin,
                format!(
                    "{} {} in {what} of `{name}`, which would be published",
                    f.kind.danish(),
                    f.masked
                ),
            );
            fund.push(ledger::Fund {
                kind: f.kind.key(),
                masked: f.masked,
                side: None,
            });
            let d = if matches!(what, persondata::text::Carried::File(_)) {
                d.help("a public PDF carries the public renditions of its meeting's case files, so that `dagsorden verify` can render it again: the value is in that file (see its own error), and every document that embeds it is held back until it is gone")
            } else {
                d.help(what_to_do)
            };
            errors.push(d);
        }
    }
    used.sort();
    used.dedup();
    check.record(record(
        source,
        fil,
        art,
        Some(pages.len()),
        !errors.is_empty(),
        fund,
        used,
    ));
    errors
}

/// The exceptions an embedded case file (its public rendition) gives, on
/// the item and on its bilag; none when it is no case file.
fn embedded_exceptions(text: &str) -> Vec<Persondata> {
    let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
        return Vec::new();
    };
    let of = |v: &serde_yaml::Value| {
        serde_yaml::from_value::<Persondata>(v.get("persondata")?.clone()).ok()
    };
    let bilag = value
        .get("bilag")
        .and_then(serde_yaml::Value::as_sequence)
        .into_iter()
        .flatten()
        .filter_map(of);
    of(&value).into_iter().chain(bilag).collect()
}

fn record(
    source: &SourceFile,
    fil: &str,
    art: ledger::Art,
    sider: Option<usize>,
    tilbageholdt: bool,
    fund: Vec<ledger::Fund>,
    undtagelser: Vec<persondata::Used>,
) -> ledger::Record {
    ledger::Record {
        fil: fil.to_string(),
        art,
        kilde: source.path.display().to_string(),
        sider,
        tilbageholdt,
        fund,
        undtagelser,
    }
}

/// `name` in `folder`, with `/`.
fn relative(folder: &Path, name: &str) -> String {
    let mut parts: Vec<String> = folder
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.push(name.to_string());
    parts.join("/")
}
