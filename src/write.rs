//! Stage 5, write: every output name by the municipality's convention — item, meeting, memo, bilag, the edition's suffix, the complete packet, the corrections, the folder of extracted sources.
//!
//! The bytes are written by [`crate::atomic`]; what is written where is the
//! batch's. Whatever reads a name back (approval, verify, publish) asks the
//! predicates here, so a name is made and recognised in one place.

use std::path::{Path, PathBuf};

use crate::check::PunktView;
use crate::check::edition::Edition;
use crate::check::moede::MoedeView;

/// `Punkt_096_Omgoerelsesprocenter_2020.pdf`: the item number in three
/// digits and the short title (or title) as a file-name word.
pub fn punkt_file_name(view: &PunktView) -> String {
    let title = file_word(&view.kort_titel);
    match view.nummer {
        Some(n) => format!("Punkt_{n:03}_{title}.pdf"),
        None => format!("Punkt_{title}.pdf"),
    }
}

/// `Referat_Udvalget_for_Laering_2021-11-29.pdf` (`Dagsorden_…` for an agenda).
pub fn moede_file_name(view: &MoedeView) -> String {
    let d = view.dato;
    format!(
        "{}_{}_{:04}-{:02}-{:02}.pdf",
        view.overskrift,
        file_word(&view.udvalg),
        d.aar,
        d.maaned,
        d.dag
    )
}

/// `Punkt_096_Bilag_1_Tal_for_omgoerelsesprocenter_20162020pdf.pdf`: a
/// bilag by its item's number, its own number and its title.
pub fn bilag_file_name(item: &PunktView, bilag: &crate::check::BilagView) -> String {
    let title = file_word(&bilag.titel);
    match item.nummer {
        Some(n) => format!("Punkt_{n:03}_Bilag_{}_{title}.pdf", bilag.nummer),
        None => format!("Punkt_Bilag_{}_{title}.pdf", bilag.nummer),
    }
}

/// `Notat_Oekonomisk_genopretning_af_myndighedsomraaderne.pdf`: a memo by its title.
pub fn notat_file_name(view: &crate::check::notat::NotatView) -> String {
    format!("Notat_{}.pdf", file_word(&view.titel))
}

/// `name` (an internal edition's `….pdf`) in `edition`: `…_offentlig.pdf`
/// for the public one.
pub fn edition_file_name(edition: Edition, name: String) -> String {
    match edition {
        Edition::Intern => name,
        Edition::Offentlig => name.replace(".pdf", "_offentlig.pdf"),
    }
}

/// How the complete packet of a meeting document ends, after its edition's suffix.
const PACKET_SUFFIX: &str = "_samlet.pdf";

/// The complete packet of the meeting document `name` (already in its
/// edition): `Referat_…_2021-11-29_samlet.pdf`, `…_offentlig_samlet.pdf`.
pub fn packet_file_name(name: &str) -> String {
    name.replace(".pdf", PACKET_SUFFIX)
}

/// Whether `name` is a complete packet's, in either edition.
pub fn is_packet(name: &str) -> bool {
    name.ends_with(PACKET_SUFFIX)
}

/// How the document of the corrections ("Tillæg til referat") begins; it
/// grows with each correction and is never part of an approval.
const TILLAEG_PREFIX: &str = "Tillaeg_";

/// The corrections' document of the meeting `view` is of, in `edition`:
/// `Tillaeg_Referat_Udvalget_for_Laering_2021-11-29.pdf`.
pub fn tillaeg_file_name(view: &MoedeView, edition: Edition) -> String {
    edition_file_name(
        edition,
        format!("{TILLAEG_PREFIX}{}", moede_file_name(view)),
    )
}

/// Whether `name` is a corrections' document, in either edition.
pub fn is_tillaeg(name: &str) -> bool {
    name.starts_with(TILLAEG_PREFIX)
}

/// The generated Typst source of the document `name`, written beside it by
/// `render --keep-typ`: `Punkt_096_….typ`.
pub fn typst_source_name(name: &str) -> String {
    name.replace(".pdf", ".typ")
}

/// Where `dagsorden sources` writes the case files embedded in `pdf` when
/// no folder is given: `Punkt_096_…_kilder` beside it.
pub fn sources_dir(pdf: &Path) -> PathBuf {
    let stem = pdf.file_stem().unwrap_or_default().to_string_lossy();
    pdf.with_file_name(format!("{stem}_kilder"))
}

/// A title as the convention writes it in file names: æ → ae, ø → oe,
/// å → aa (and other accented letters plainly), spaces → `_`; letters,
/// digits and `_` are kept, all other characters left out
/// (`Tal for omgørelsesprocenter 2016-2020.pdf` → `Tal_for_omgoerelsesprocenter_20162020pdf`).
pub fn file_word(title: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in title.trim().nfc() {
        match c {
            'æ' => out.push_str("ae"),
            'ø' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            'Æ' => out.push_str("Ae"),
            'Ø' => out.push_str("Oe"),
            'Å' => out.push_str("Aa"),
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'Ä' => out.push_str("Ae"),
            'Ö' => out.push_str("Oe"),
            'Ü' => out.push_str("Ue"),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'É' | 'È' | 'Ê' | 'Ë' => out.push('E'),
            'á' | 'à' | 'â' => out.push('a'),
            'ó' | 'ò' | 'ô' => out.push('o'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'ú' | 'ù' | 'û' => out.push('u'),
            c if c.is_whitespace() => out.push('_'),
            c if c.is_ascii_alphanumeric() || c == '_' => out.push(c),
            // Other letters by their nearest Latin spelling (é → e, Ω → O).
            c if c.is_alphanumeric() => out.extend(
                deunicode::deunicode_char(c)
                    .unwrap_or("")
                    .chars()
                    .filter(char::is_ascii_alphanumeric),
            ),
            _ => {}
        }
    }
    if !out.chars().any(|c| c.is_ascii_alphanumeric()) {
        return "uden_titel".to_string();
    }
    shorten(out, MAX_WORD)
}

/// The longest file-name word, in bytes: with `Punkt_096_` and `.pdf` the
/// name stays well below the 255 bytes file systems allow.
const MAX_WORD: usize = 120;

/// `word` cut to at most `max` bytes, at a `_` where there is one.
fn shorten(word: String, max: usize) -> String {
    if word.len() <= max {
        return word;
    }
    let cut = &word[..max];
    let at = cut.rfind('_').filter(|&i| i > max / 2).unwrap_or(max);
    cut[..at].trim_end_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packet_and_a_tillaeg_are_known_by_their_names_in_both_editions() {
        for edition in [Edition::Intern, Edition::Offentlig] {
            let meeting = edition_file_name(
                edition,
                "Referat_Udvalget_for_Laering_2021-11-29.pdf".to_string(),
            );
            let packet = packet_file_name(&meeting);
            assert!(is_packet(&packet), "{packet}");
            assert!(!is_packet(&meeting), "{meeting}");
            assert!(!is_tillaeg(&packet), "{packet}");
        }
        assert_eq!(
            packet_file_name("Referat_U_2021-11-29_offentlig.pdf"),
            "Referat_U_2021-11-29_offentlig_samlet.pdf"
        );
        // A title that holds the word is no packet.
        assert!(!is_packet("Punkt_001_samlet_oversigt.pdf"));
        assert!(is_tillaeg("Tillaeg_Referat_U_2021-11-29_offentlig.pdf"));
        assert_eq!(
            sources_dir(Path::new("out/Punkt_096_A.pdf")),
            Path::new("out/Punkt_096_A_kilder")
        );
    }

    #[test]
    fn file_words_follow_the_seed() {
        assert_eq!(
            file_word("Omgørelsesprocenter 2020"),
            "Omgoerelsesprocenter_2020"
        );
        assert_eq!(
            file_word("Tal for omgørelsesprocenter 2016-2020.pdf"),
            "Tal_for_omgoerelsesprocenter_20162020pdf"
        );
        assert_eq!(
            file_word(
                "Midtvejsevaluering åbne anonyme rådgivningssamtaler til unge mellem 13-25 år"
            ),
            "Midtvejsevaluering_aabne_anonyme_raadgivningssamtaler_til_unge_mellem_1325_aar"
        );
        assert_eq!(
            file_word("Månedsopfølgning Oktober 2021 _"),
            "Maanedsopfoelgning_Oktober_2021__"
        );
        assert_eq!(
            file_word("Rekrutteringsstrategi.docx"),
            "Rekrutteringsstrategidocx"
        );
        assert_eq!(file_word("../../etc/passwd"), "etcpasswd");
        assert_eq!(file_word("§ %"), "uden_titel");
        assert_eq!(file_word("Ελλάδα"), "Ellada");
        assert_eq!(file_word("A\u{30a}rhus É"), "Aarhus_E");
        let long = file_word(&"ord ".repeat(100));
        assert!(long.len() <= MAX_WORD && long.ends_with("ord"), "{long}");
    }
}
