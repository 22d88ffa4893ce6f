//! Foundation: SHA-256 digests, of bytes and of a whole folder, in lower-case hex.

use std::path::{Path, PathBuf};

/// The SHA-256 of `bytes`, in lower-case hex.
pub fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Why a folder's digest cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum DigestError {
    /// The folder, or one below it, cannot be listed.
    #[error(transparent)]
    List(#[from] walkdir::Error),
    /// A file of the folder cannot be read.
    #[error("{source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// SHA-256 over a folder (a template folder): each file's relative path and SHA-256, in name order.
pub fn folder_hash(dir: &Path) -> Result<String, DigestError> {
    let mut listing = String::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let bytes = std::fs::read(entry.path()).map_err(|source| DigestError::Read {
            path: entry.path().to_path_buf(),
            source,
        })?;
        listing.push_str(&format!(
            "{}  {}\n",
            hex_sha256(&bytes),
            rel.to_string_lossy().replace('\\', "/")
        ));
    }
    Ok(hex_sha256(listing.as_bytes()))
}
