//! The files in `static/`, held in memory under fingerprinted URLs that change when their
//! bytes do, so browsers may cache them for a year.

use bytes::Bytes;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::content::{ContentError, Location, Problem};
use crate::limits::{MAX_STATIC_BYTES, MAX_STATIC_FILE_BYTES, read_at_most, size};
use crate::routes::STATIC;

/// One static file, ready to send.
#[derive(Debug, Clone)]
pub struct Asset {
    pub body: Bytes,
    pub content_type: &'static str,
}

/// Every static file, found by its fingerprinted URL or by its plain name.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    by_url: HashMap<String, Asset>,
    urls: HashMap<String, String>,
}

impl Assets {
    /// Reads every file below `dir`.
    pub fn load(dir: &Path) -> Result<Self, ContentError> {
        let mut assets = Self::default();
        let mut files = Vec::new();
        collect_files(dir, &mut files).map_err(|e| {
            ContentError::new(Location::file(dir), Problem::Unreadable(e.to_string()))
        })?;
        let mut total = 0;
        for path in files {
            let unreadable = |e: std::io::Error| {
                ContentError::new(Location::file(&path), Problem::Unreadable(e.to_string()))
            };
            let Some(body) = read_at_most(&path, MAX_STATIC_FILE_BYTES).map_err(unreadable)? else {
                let length = fs::metadata(&path).map_or(MAX_STATIC_FILE_BYTES + 1, |m| m.len());
                return Err(too_big(
                    &path,
                    format!(
                        "the file is {}, over the limit of {} for a static file (each is held in memory); make it smaller, or put it on another site and link to it",
                        size(length),
                        size(MAX_STATIC_FILE_BYTES)
                    ),
                ));
            };
            total += body.len() as u64;
            if total > MAX_STATIC_BYTES {
                return Err(too_big(
                    dir,
                    format!(
                        "the static files are more than {} together, over the limit (each is held in memory); take out what the site does not need",
                        size(MAX_STATIC_BYTES)
                    ),
                ));
            }
            assets.insert(&relative_name(dir, &path), Bytes::from(body));
        }
        Ok(assets)
    }

    /// Adds a file under its plain `name` (such as `style.css`).
    pub fn insert(&mut self, name: &str, body: Bytes) {
        let url = fingerprinted(name, &body);
        let content_type = content_type(name);
        self.urls.insert(name.to_string(), url.clone());
        self.by_url.insert(url, Asset { body, content_type });
    }

    /// The fingerprinted URL of the file `name`, such as `/static/style.1a2b3c4d5e6f.css`.
    pub fn url(&self, name: &str) -> Option<&str> {
        self.urls.get(name).map(String::as_str)
    }

    /// Each file's plain name (`style.css`, `photos/lille.jpg`) and fingerprinted URL.
    pub fn names(&self) -> impl Iterator<Item = (&str, &str)> {
        self.urls
            .iter()
            .map(|(name, url)| (name.as_str(), url.as_str()))
    }

    /// Every asset with its URL, for exports and link checks.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Asset)> {
        self.by_url.iter().map(|(url, asset)| (url.as_str(), asset))
    }
}

/// The address the file `name` with `body` is served at: its name with a hash of its bytes
/// before the extension, under `/static/`.
pub fn fingerprinted(name: &str, body: &[u8]) -> String {
    let hash = hex(&Sha256::digest(body)[..6]);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !stem.ends_with('/') => {
            format!("{STATIC}{stem}.{hash}.{ext}")
        }
        _ => format!("{STATIC}{name}.{hash}"),
    }
}

fn too_big(path: &Path, message: String) -> ContentError {
    ContentError::new(Location::file(path), Problem::TooBig(message))
}

/// Every file below `dir`, in its folders too, but those editors' tools leave beside them
/// (see [`crate::content::is_ignored`]); symbolic links are not followed.
pub(crate) fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if crate::content::is_ignored(&name.to_string_lossy()) {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect_files(&entry.path(), files)?;
        } else if kind.is_file() {
            files.push(entry.path());
        }
    }
    Ok(())
}

/// The name of `path`, a file below `dir`, as its address writes it: `photos/lille.jpg`.
pub(crate) fn relative_name(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .expect("collected files lie below dir")
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn content_type(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase());
    match ext.as_deref() {
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("pdf") => "application/pdf",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("txt") => "text/plain; charset=utf-8",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_fingerprinted_by_content() {
        let mut assets = Assets::default();
        assets.insert("style.css", Bytes::from_static(b"body{}"));
        let url = assets.url("style.css").expect("inserted").to_string();
        assert!(
            url.starts_with("/static/style.") && url.ends_with(".css"),
            "{url}"
        );
        assert_eq!(
            assets
                .iter()
                .find(|(u, _)| *u == url)
                .expect("listed")
                .1
                .content_type,
            "text/css; charset=utf-8"
        );
        assert!(assets.iter().all(|(u, _)| u != "/static/style.css"));
        let mut changed = Assets::default();
        changed.insert("style.css", Bytes::from_static(b"body{color:red}"));
        assert_ne!(changed.url("style.css"), Some(url.as_str()));
    }
}
