//! The site's search index: every published item, meeting document, bilag and memo as a record of its own, its text read back from its public PDF, indexed in-process by the `pagefind` crate (Danish stemming) into `pagefind/`.
//!
//! Each record has the filters `udvalg`, `aar` and `art` (dagsorden,
//! referat, bilag, notat, tillæg) and the metadata `soeg.js` shows: a
//! title, the page that presents it (`side`, relative to the site), its PDF
//! and the meeting it belongs to. Only what the site publishes is read: the
//! PDFs written for the public edition (a closed item's has its title and
//! published decision only), and no withheld bilag, which has no file. The
//! packet (`samlet`) is left out: it is the other PDFs put together.

use std::collections::BTreeMap;
use std::path::Path;

use super::site::url_path;
use super::{MeetingPage, PublishError, Site, SiteFile};
use crate::engine::Engine;
use crate::persondata::text::Maker;

/// The folder of the index, relative to the site.
pub const BUNDLE: &str = "pagefind";

/// The language the index is made for (Snowball's Danish stemmer).
const LANGUAGE: &str = "da";

/// One searchable record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Unique in the index: the PDF's path, relative to the site.
    pub url: String,
    pub titel: String,
    /// The page that presents it, relative to the site (`udvalg/dato.html#punkt-3`).
    pub side: String,
    pub pdf: String,
    /// What the PDF link says: "punktet som PDF".
    pub pdfnavn: &'static str,
    /// The meeting, as a line: "Udvalget for Læring, 29. november 2021".
    pub moede: Option<String>,
    pub udvalg: Option<String>,
    pub aar: String,
    pub art: &'static str,
    pub tekst: String,
}

/// What the index was made from, for the note `publish` prints.
#[derive(Debug, Default, Clone)]
pub struct Indexed {
    pub records: usize,
    pub files: usize,
    pub bytes: u64,
}

/// The records of the site, in a fixed order: meetings as the site orders
/// them (each meeting's document, its items with their bilag, its Tillæg),
/// then memos. `dir` is the site's folder, which holds the PDFs already.
pub fn records(engine: &Engine, site: &Site, dir: &Path) -> Vec<Record> {
    let mut wanted: Vec<Wanted> = Vec::new();
    for m in &site.meetings {
        meeting_records(m, &mut wanted);
    }
    for memo in &site.memos {
        wanted.push(Wanted {
            file: memo.pdf.clone(),
            titel: memo.view.titel.clone(),
            side: "index.html".into(),
            pdfnavn: "notatet som PDF",
            moede: None,
            udvalg: None,
            aar: memo.view.dato.aar.to_string(),
            art: "notat",
            fallback: memo.view.titel.clone(),
        });
    }
    use rayon::prelude::*;
    let check = engine.persondata();
    wanted
        .into_par_iter()
        .map(|w| {
            // The PDF was read back before it was written; its text is in the
            // cache. One that cannot be read is indexed by its title.
            // Read as a PDF of any maker: Poppler, when installed, keeps the
            // spaces between a heading and its text that pdf-extract joins.
            let tekst = std::fs::read(dir.join(&w.file.path))
                .ok()
                .and_then(|bytes| check.pdf_pages(&bytes, Maker::Other).ok())
                .map(|pages| pages.join("\n"))
                .filter(|t| !t.trim().is_empty())
                .unwrap_or(w.fallback);
            Record {
                url: w.file.path.clone(),
                titel: w.titel,
                side: w.side,
                pdf: url_path(&w.file.path),
                pdfnavn: w.pdfnavn,
                moede: w.moede,
                udvalg: w.udvalg,
                aar: w.aar,
                art: w.art,
                tekst,
            }
        })
        .collect()
}

/// A record before its PDF is read.
struct Wanted {
    file: SiteFile,
    titel: String,
    side: String,
    pdfnavn: &'static str,
    moede: Option<String>,
    udvalg: Option<String>,
    aar: String,
    art: &'static str,
    /// Indexed when the PDF has no text that can be read.
    fallback: String,
}

fn meeting_records(m: &MeetingPage, out: &mut Vec<Wanted>) {
    let v = &m.view;
    let art = match v.udgave {
        crate::load::model::Dokumenttype::Referat => "referat",
        crate::load::model::Dokumenttype::Dagsorden => "dagsorden",
    };
    let moede = format!("{}, {}", v.udvalg, v.dato_tekst);
    let page = url_path(&m.page);
    let base = |file: &SiteFile, titel: String, side: String, pdfnavn, art| Wanted {
        file: file.clone(),
        fallback: titel.clone(),
        titel,
        side,
        pdfnavn,
        moede: Some(moede.clone()),
        udvalg: Some(v.udvalg.clone()),
        aar: v.dato.aar.to_string(),
        art,
    };
    if let Some(pdf) = &m.pdf {
        out.push(base(
            pdf,
            v.titel.clone(),
            page.clone(),
            "hele dokumentet som PDF",
            art,
        ));
    }
    for (n, item) in m.items.iter().enumerate() {
        let p = &item.view;
        let side = format!("{page}#punkt-{}", n + 1);
        let titel = match p.nummer {
            Some(nr) => format!("{nr}. {}", p.titel),
            None => p.titel.clone(),
        };
        if let Some(pdf) = &item.pdf {
            out.push(base(
                pdf,
                titel.clone(),
                side.clone(),
                "punktet som PDF",
                art,
            ));
        }
        for (b, file) in &item.bilag {
            if let Some(file) = file {
                out.push(base(
                    file,
                    format!("Bilag {}: {} (til punkt {titel})", b.nummer, b.titel),
                    side.clone(),
                    "bilaget som PDF",
                    "bilag",
                ));
            }
        }
    }
    if let Some(tillaeg) = &m.tillaeg {
        out.push(base(
            tillaeg,
            format!("Tillæg til referat: {}", v.titel),
            page,
            "tillægget som PDF",
            "tillæg",
        ));
    }
}

/// The index of `records` as the files of `pagefind/`, by path relative to
/// the site. Pagefind's own search interfaces are left out: `soeg.js` uses
/// its API (`pagefind.js` and its WebAssembly).
pub fn index(records: &[Record]) -> Result<BTreeMap<String, Vec<u8>>, PublishError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| PublishError::Search(e.to_string()))?;
    runtime.block_on(async {
        use pagefind::api::PagefindIndex;
        use pagefind::options::PagefindServiceConfig;
        let options = PagefindServiceConfig::builder()
            .force_language(LANGUAGE.to_string())
            .keep_index_url(true)
            .build();
        let mut index =
            PagefindIndex::new(Some(options)).map_err(|e| PublishError::Search(e.to_string()))?;
        for r in records {
            let mut meta = BTreeMap::from([
                ("title".to_string(), r.titel.clone()),
                ("side".to_string(), r.side.clone()),
                ("pdf".to_string(), r.pdf.clone()),
                ("pdfnavn".to_string(), r.pdfnavn.to_string()),
                ("art".to_string(), r.art.to_string()),
            ]);
            if let Some(moede) = &r.moede {
                meta.insert("moede".into(), moede.clone());
            }
            let mut filters = BTreeMap::from([
                ("aar".to_string(), vec![r.aar.clone()]),
                ("art".to_string(), vec![r.art.to_string()]),
            ]);
            if let Some(udvalg) = &r.udvalg {
                filters.insert("udvalg".into(), vec![udvalg.clone()]);
            }
            index
                .add_custom_record(
                    r.url.clone(),
                    r.tekst.clone(),
                    LANGUAGE.to_string(),
                    Some(meta),
                    Some(filters),
                    None,
                )
                .await
                .map_err(|e| PublishError::Search(format!("{}: {e}", r.url)))?;
        }
        let files = index
            .get_files()
            .await
            .map_err(|e| PublishError::Search(e.to_string()))?;
        Ok(files
            .into_iter()
            .filter_map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                let interface = [
                    "pagefind-ui",
                    "pagefind-modular-ui",
                    "pagefind-component-ui",
                ]
                .iter()
                .any(|p| name.starts_with(p))
                    || name.starts_with("pagefind-highlight")
                    || name.starts_with("playground");
                (!interface).then(|| (format!("{BUNDLE}/{name}"), f.contents))
            })
            .collect())
    })
}
