//! An import's folder put in place in one step: written beside the target, then renamed, so that nothing is ever half written.

use std::path::{Path, PathBuf};

use super::{Export, sections, slug, yaml};
use crate::diagnostic::Diagnostic;
use crate::template::profile::Afsnit;

/// What an import wrote.
#[derive(Debug)]
pub struct Written {
    pub dir: PathBuf,
    pub items: usize,
    pub bilag: usize,
}

/// Writes `export` as case files into `dir`: `moede.yaml`, one
/// `NNN-slug.yaml` per item and the bilag under `bilag/`. An existing
/// `dir` is replaced only with `force`.
pub fn write(
    export: &Export,
    afsnit: &[Afsnit],
    dir: &Path,
    force: bool,
) -> Result<Written, Diagnostic> {
    if dir.exists() && !force {
        return Err(
            Diagnostic::new(dir, "the folder already exists; nothing was written").help(
                "give another folder with -o, or add --force to replace this one with the import",
            ),
        );
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let io = |e: std::io::Error, what: &Path| {
        Diagnostic::new(what, format!("cannot write the import: {e}"))
    };
    std::fs::create_dir_all(&parent).map_err(|e| io(e, &parent))?;
    let staging = tempfile::Builder::new()
        .prefix(".dagsorden-import-")
        .tempdir_in(&parent)
        .map_err(|e| io(e, &parent))?;
    let root = staging.path();
    std::fs::write(root.join("moede.yaml"), yaml::moede(export)).map_err(|e| io(e, root))?;
    let mut bilag_count = 0;
    let width = export
        .items
        .iter()
        .map(|i| i.nummer)
        .max()
        .unwrap_or(0)
        .to_string()
        .len()
        .max(3);
    for item in &export.items {
        let number = format!("{:0width$}", item.nummer);
        let sorted = sections::sort(item, afsnit);
        let mut bilag = Vec::new();
        for (n, b) in item.bilag.iter().enumerate() {
            let name = b
                .file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let ext = name
                .rsplit_once('.')
                .map(|(_, e)| format!(".{}", e.to_lowercase()))
                .unwrap_or_default();
            let file = format!("bilag/{number}-{:02}-{}{ext}", n + 1, slug(&b.titel));
            std::fs::create_dir_all(root.join("bilag")).map_err(|e| io(e, root))?;
            std::fs::copy(&b.file, root.join(&file)).map_err(|e| io(e, &b.file))?;
            bilag.push((b.titel.clone(), file, b.offentlig));
            bilag_count += 1;
        }
        let name = format!("{number}-{}.yaml", slug(&item.titel));
        std::fs::write(root.join(name), yaml::punkt(export, item, &sorted, &bilag))
            .map_err(|e| io(e, root))?;
    }
    let kept = staging.keep();
    if dir.exists()
        && let Err(e) = std::fs::remove_dir_all(dir)
    {
        let _ = std::fs::remove_dir_all(&kept);
        return Err(io(e, dir));
    }
    if let Err(e) = std::fs::rename(&kept, dir) {
        let _ = std::fs::remove_dir_all(&kept);
        return Err(io(e, dir));
    }
    Ok(Written {
        dir: dir.to_path_buf(),
        items: export.items.len(),
        bilag: bilag_count,
    })
}
