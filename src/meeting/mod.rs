//! The meeting (`type: møde`): a committee's `moede.yaml` and the item files beside it, as one concept.
//!
//! A meeting is a folder: its `moede.yaml` (when, where, who) and one file
//! per agenda item. This module knows what belongs to a meeting and what
//! the law asks of its minutes (the meeting document's view, its front page,
//! items, bilag and signatures, is the check's: `check::moede`):
//!
//! - [`items`]: which item files are the meeting's, their order and numbers,
//!   and the meeting an item file belongs to;
//! - [`minutes`]: the names in a vote and a protokoltilførsel checked against
//!   the meeting, and the warning for a closed item without a published decision;
//! - [`corrections`]: the corrections to approved minutes (`type: rettelse`),
//!   printed as one "Tillæg til referat";
//! - [`packet`]: the complete packet (`--samlet`), the meeting document
//!   followed by every bilag (the PDF-level join is [`crate::typeset::packet`]).

pub mod corrections;
pub mod items;
pub mod minutes;
pub mod packet;

use crate::check::edition::Edition;
use crate::check::moede::MoedeView;
use crate::check::{self, Printable, PunktView};
use crate::diagnostic::Diagnostic;
use crate::engine::Engine;
use crate::load::SourceFile;
use crate::load::model::{Dokumenttype, Moede, Punkt};

pub use items::{Item, Meeting};

/// An item file checked in the light of the meeting of its folder, if any:
/// its number, the names of its vote and protokoltilførsler, and, for the
/// public edition of minutes, the warning when a closed item publishes no
/// decision. Returns the view as the edition shows it, and the warnings.
pub fn item(
    source: &SourceFile,
    punkt: &Punkt,
    printable: &Printable,
    edition: Edition,
) -> Result<(PunktView, Vec<Diagnostic>), Vec<Diagnostic>> {
    let meeting = items::beside(source);
    let names = minutes::check_names(
        source,
        punkt,
        meeting.as_ref().map(|m| (&m.source, &m.moede)),
    );
    let mut view = match check::punkt(source, punkt, printable) {
        Ok(view) if names.is_empty() => view,
        Ok(_) => return Err(names),
        Err(mut problems) => {
            problems.extend(names);
            return Err(problems);
        }
    };
    if view.nummer.is_none() {
        view.nummer = meeting
            .as_ref()
            .and_then(|m| m.number_of(source, printable));
    }
    // Minutes: the meeting beside says so, or, alone, the item has a decision.
    let minutes = match &meeting {
        Some(m) => m.moede.udgave == Dokumenttype::Referat,
        None => view.tekster.contains_key("beslutning"),
    };
    let warnings = published_decision_warnings(edition, minutes, source, &view);
    Ok((edition.item(view), warnings))
}

/// A meeting checked with its items, ready for its template: the view, the
/// parts of its complete packet, and warnings.
pub struct Gathered {
    pub view: MoedeView,
    pub parts: Vec<crate::prepared::PacketBilag>,
    pub warnings: Vec<Diagnostic>,
    /// The item files as loaded, with whether each is closed and its number
    /// (given or by its place), for the sources the documents embed.
    pub items: Vec<Shown>,
}

/// An item file of a meeting: the file, whether the item is closed, and its
/// number (given, or by its place among the meeting's items).
pub type Shown = (SourceFile, bool, Option<u32>);

/// Checks the meeting file and its items and gathers them as `engine`'s
/// edition shows them.
pub fn gather(
    engine: &Engine,
    source: &SourceFile,
    moede: &Moede,
    printable: &Printable,
) -> Result<Gathered, Vec<Diagnostic>> {
    let meeting = Meeting {
        source: source.clone(),
        moede: moede.clone(),
    };
    let mut warnings = Vec::new();
    let mut parts = Vec::new();
    let mut views = Vec::new();
    let mut items = Vec::new();
    let minutes = moede.udgave == Dokumenttype::Referat;
    for Item {
        source: item_source,
        view,
    } in meeting.items(printable)?
    {
        warnings.extend(published_decision_warnings(
            engine.edition(),
            minutes,
            &item_source,
            &view,
        ));
        items.push((item_source.clone(), view.lukket, view.nummer));
        let view = engine.edition().item(view);
        if engine.packets() {
            let listed = views.iter().map(|v: &PunktView| v.bilag.len()).sum();
            parts.extend(
                packet::parts(engine, &item_source, &view, listed)
                    .map_err(|e| vec![source.error(format!("the template failed: {e}"))])?,
            );
        }
        views.push(view);
    }
    let view = check::moede::check(
        source,
        moede,
        printable,
        &engine.templates().profile.kommune,
        views,
    )?;
    Ok(Gathered {
        view,
        parts,
        warnings,
        items,
    })
}

/// In the public edition of minutes, a closed item without
/// `offentlig_beslutning`; in any edition, an open item with one.
fn published_decision_warnings(
    edition: Edition,
    minutes: bool,
    source: &SourceFile,
    view: &PunktView,
) -> Vec<Diagnostic> {
    let unpublished = match edition {
        Edition::Offentlig if minutes => minutes::unpublished_decision(source, view),
        _ => None,
    };
    unpublished
        .into_iter()
        .chain(minutes::stray_public_decision(source, view))
        .collect()
}
