//! `verify` of a PDF: the document rendered again, in memory, from the case files embedded in it, and compared byte for byte.

use std::collections::BTreeMap;
use std::path::Path;

use lopdf::{Document, Object};

use crate::check::edition::Edition;
use crate::digest::hex_sha256;
use crate::engine::Engine;
use crate::meeting::packet;
use crate::pipeline;
use crate::prepared::{Failure, typeset};
use crate::provenance::{Found, MANIFEST, Manifest, embedded_files, safe_name};

/// Renders the PDF at `pdf` again from its embedded sources, in memory,
/// and compares the bytes. `Ok` says it is identical; `Err` says every
/// difference found, or why it cannot be rendered again.
pub fn verify_pdf(pdf: &Path, templates: Option<&Path>) -> Result<String, Vec<String>> {
    let shown = pdf.display();
    let bytes = std::fs::read(pdf).map_err(|e| vec![format!("{shown}: cannot be read: {e}")])?;
    let doc = Document::load_mem(&bytes).map_err(|e| {
        vec![format!(
            "{shown}: cannot be read as a PDF ({e}): it was damaged"
        )]
    })?;
    let files = embedded_files(&doc).map_err(|e| vec![format!("{shown}: {e}")])?;
    let manifest = files
        .iter()
        .find(|f| f.name == MANIFEST)
        .ok_or_else(|| {
            vec![format!(
                "{shown}: carries no `{MANIFEST}`, so nothing to render it again from: a bilag as received (converted to PDF/A), a PDF not made by dagsorden, or one whose embedded files were removed"
            )]
        })?;
    let manifest: Manifest = serde_json::from_slice(&manifest.bytes)
        .map_err(|e| vec![format!("{shown}: its `{MANIFEST}` cannot be read: {e}")])?;
    let mut problems = Vec::new();
    let by_name: BTreeMap<&str, &Found> = files.iter().map(|f| (f.name.as_str(), f)).collect();
    for fil in &manifest.filer {
        match by_name.get(fil.navn.as_str()) {
            Some(f) if hex_sha256(&f.bytes) == fil.sha256 => {}
            Some(_) => problems.push(format!(
                "{shown}: the embedded source `{}` was altered: it is not the file the document was made from",
                fil.navn
            )),
            None => problems.push(format!(
                "{shown}: the embedded source `{}` the manifest lists is missing",
                fil.navn
            )),
        }
    }
    if manifest.dagsorden != env!("CARGO_PKG_VERSION") {
        problems.push(format!(
            "{shown}: made by dagsorden {}, this is {}: render it again with that version to compare",
            manifest.dagsorden,
            env!("CARGO_PKG_VERSION")
        ));
        return Err(problems);
    }
    match (&manifest.skabeloner, templates) {
        (Some(_), None) => {
            problems.push(format!(
                "{shown}: it was rendered with a template folder (`--templates`); name it with `--templates DIR` to render it again"
            ));
            return Err(problems);
        }
        (Some(recorded), Some(dir)) => match crate::digest::folder_hash(dir) {
            Ok(h) if h == *recorded => {}
            Ok(_) => {
                problems.push(format!(
                    "{shown}: the template folder `{}` is not the one it was rendered with",
                    dir.display()
                ));
                return Err(problems);
            }
            Err(e) => {
                problems.push(format!("{shown}: cannot read `{}`: {e}", dir.display()));
                return Err(problems);
            }
        },
        (None, Some(dir)) => {
            problems.push(format!(
                "{shown}: it was rendered with the built-in templates, not with `{}`; leave `--templates` out",
                dir.display()
            ));
            return Err(problems);
        }
        (None, None) => {}
    }
    let rendered = match render_again(pdf, &manifest, &files, templates) {
        Ok(r) => r,
        Err(e) => {
            problems.push(format!("{shown}: {e}"));
            return Err(problems);
        }
    };
    if rendered == bytes {
        if problems.is_empty() {
            return Ok(format!(
                "{shown}: identical (rendered again from its {} embedded sources, {} edition)",
                manifest.filer.len(),
                manifest.udgave
            ));
        }
        return Err(problems);
    }
    problems.push(format!("{shown}: {}", difference(&doc, &rendered)));
    if problems.len() > 1 {
        problems.push(format!(
            "{shown}: an embedded source was altered: it no longer renders to this PDF"
        ));
    }
    Err(problems)
}

/// Why a PDF cannot be rendered again from its embedded sources.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("cannot make a temporary folder: {0}")]
    TemporaryFolder(#[source] std::io::Error),
    /// The temporary folder cannot be resolved, or a folder made in it.
    #[error(transparent)]
    Folder(std::io::Error),
    #[error("the embedded file `{name}` has a name outside its folder")]
    SourceOutside { name: String },
    #[error("the bilag `{name}` has a name outside its folder")]
    BilagOutside { name: String },
    /// The bilag file beside the PDF is not the one it was made with.
    #[error("the bilag `{name}` beside it is not the file it was made with (its SHA-256 differs)")]
    BilagDiffers { name: String },
    /// A complete packet's bilag is not beside it.
    #[error(
        "the complete packet carries its bilag's pages: put the bilag file `{name}` (SHA-256 {sha256}) beside it, at that path, to render it again"
    )]
    BilagMissing { name: String, sha256: String },
    #[error(transparent)]
    Engine(#[from] crate::engine::EngineError),
    /// The manifest's `kilde` is no name inside the folder.
    #[error("the manifest names `{kilde}` as its source")]
    Source { kilde: String },
    /// The sources fail to render; the failure says why.
    #[error(
        "its embedded sources no longer render: {}",
        .0.render(false).trim_end()
    )]
    NoLongerRenders(Failure),
    /// The sources render, but to no document of the manifest's name.
    #[error(
        "its embedded sources no longer render to a document named `{document}`: an embedded source was altered"
    )]
    OtherDocument { document: String },
    #[error("cannot write `{}`: {source}", .path.display())]
    Write {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// What differs between the PDF `doc` and the PDF rendered again.
fn difference(doc: &Document, rendered: &[u8]) -> String {
    let Ok(again) = Document::load_mem(rendered) else {
        return "its bytes differ from the document its sources render to".into();
    };
    let (ours, theirs) = (doc.get_pages(), again.get_pages());
    if ours.len() != theirs.len() {
        return format!(
            "it has {} pages; its sources render to {} pages",
            ours.len(),
            theirs.len()
        );
    }
    for ((n, a), (_, b)) in ours.iter().zip(theirs.iter()) {
        if doc.get_page_content(*a) != again.get_page_content(*b) {
            return format!("page content differs (page {n} first)");
        }
    }
    "its bytes differ from the document its sources render to (the page content is the same: metadata, structure or embedded files differ)".into()
}

/// The document `manifest` names, rendered again from `files` in a
/// temporary folder.
fn render_again(
    pdf: &Path,
    manifest: &Manifest,
    files: &[Found],
    templates: Option<&Path>,
) -> Result<Vec<u8>, VerifyError> {
    let dir = tempfile::tempdir().map_err(VerifyError::TemporaryFolder)?;
    let top = std::fs::canonicalize(dir.path()).map_err(VerifyError::Folder)?;
    // The folder's name, as it was: a date there may be the document's.
    let root = match safe_name(&manifest.mappe) {
        Some(name) if name.components().count() == 1 => top.join(name),
        _ => top.join("kilder"),
    };
    let mut stand_ins = BTreeMap::new();
    for f in files.iter().filter(|f| f.name != MANIFEST) {
        let rel = safe_name(&f.name).ok_or_else(|| VerifyError::SourceOutside {
            name: f.name.clone(),
        })?;
        write_file(&root.join(rel), &f.bytes)?;
    }
    let packet = crate::write::is_packet(&manifest.dokument);
    let beside = pdf.parent().unwrap_or(Path::new("."));
    for b in &manifest.bilag {
        let rel = safe_name(&b.navn).ok_or_else(|| VerifyError::BilagOutside {
            name: b.navn.clone(),
        })?;
        let found = std::fs::read(beside.join(&rel)).ok();
        let bytes = match found {
            Some(bytes) if hex_sha256(&bytes) == b.sha256 => bytes,
            Some(_) => {
                return Err(VerifyError::BilagDiffers {
                    name: b.navn.clone(),
                });
            }
            None if packet => {
                return Err(VerifyError::BilagMissing {
                    name: b.navn.clone(),
                    sha256: b.sha256.clone(),
                });
            }
            // The document shows a bilag by title only: a stand-in will do.
            None => {
                stand_ins.insert(root.join(&rel), b.sha256.clone());
                placeholder(&b.navn)
            }
        };
        write_file(&root.join(rel), &bytes)?;
    }
    let engine = Engine::builder()
        .templates(templates)
        .edition(Edition::from_word(&manifest.udgave).unwrap_or_default())
        .roots(vec![top.clone()])
        .stand_ins(stand_ins)
        .convert_in_background(false)
        .build()?;
    let kilde = safe_name(&manifest.kilde).ok_or_else(|| VerifyError::Source {
        kilde: manifest.kilde.clone(),
    })?;
    let failed = VerifyError::NoLongerRenders;
    let mut prepared = pipeline::prepare(&engine, &root.join(kilde)).map_err(failed)?;
    if prepared.name == manifest.dokument {
        return typeset(&engine, prepared).map(|d| d.pdf).map_err(failed);
    }
    if let Some(i) = prepared
        .generated
        .iter()
        .position(|g| g.name == manifest.dokument)
    {
        let g = prepared.generated.swap_remove(i);
        return typeset(&engine, g).map(|d| d.pdf).map_err(failed);
    }
    if let Some(packet) = prepared.packet.take()
        && packet.name == manifest.dokument
    {
        return packet::typeset(&engine, &prepared.source, packet)
            .map(|(d, _)| d.pdf)
            .map_err(failed);
    }
    Err(VerifyError::OtherDocument {
        document: manifest.dokument.clone(),
    })
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), VerifyError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(VerifyError::Folder)?;
    }
    std::fs::write(path, bytes).map_err(|source| VerifyError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// A stand-in for a bilag file of the kind its name says, which passes the
/// check of a bilag (a document shows a bilag by its title only).
fn placeholder(name: &str) -> Vec<u8> {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => blank_pdf(),
        "doc" | "xls" => vec![0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0],
        "rtf" => b"{\\rtf1}".to_vec(),
        "png" => b"\x89PNG\r\n\x1a\n".to_vec(),
        "jpg" | "jpeg" => vec![0xFF, 0xD8, 0xFF, 0xE0],
        "tif" | "tiff" => b"II*\0".to_vec(),
        _ => b"PK\x03\x04".to_vec(),
    }
}

/// A PDF of one blank page.
fn blank_pdf() -> Vec<u8> {
    use lopdf::dictionary;
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    let _ = doc.save_to(&mut out);
    out
}
