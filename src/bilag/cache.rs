//! Converted bilag kept on disk by the SHA-256 of what went in and the converter's version, so a bilag is converted once, not at every render.

use std::path::{Path, PathBuf};

/// The cache folder: `--cache DIR`, else `$XDG_CACHE_HOME/dagsorden`, else
/// `~/.cache/dagsorden`; never inside the output folder.
pub fn default_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".cache"))
        })?;
    Some(base.join("dagsorden"))
}

/// The on-disk cache of converted bilag.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub fn new(dir: PathBuf) -> Cache {
        Cache { dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file a conversion is kept in: `bilag/<sha-256 of the key>.pdf`.
    fn entry(&self, key: &str) -> PathBuf {
        self.dir
            .join("bilag")
            .join(format!("{}.pdf", crate::digest::hex_sha256(key.as_bytes())))
    }

    /// The converted PDF kept under `key`, if any.
    pub fn get(&self, key: &str) -> Option<Vec<u8>> {
        std::fs::read(self.entry(key)).ok()
    }

    /// Keeps `pdf` under `key`, atomically; returns the file it is kept in.
    pub fn put(&self, key: &str, pdf: &[u8]) -> std::io::Result<PathBuf> {
        let entry = self.entry(key);
        let dir = entry.parent().unwrap_or(&self.dir);
        let name = entry.file_name().unwrap_or_default().to_string_lossy();
        crate::atomic::atomic(dir, &name, pdf)
    }
}
