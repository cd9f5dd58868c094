//! Processed pictures and share cards, kept by a hash of what they are made from: in memory,
//! so that a reload redoes nothing, and in a folder on disk (`--media-cache`), so that a
//! restart does not either. Each cached file is written whole under a temporary name, then
//! renamed: a replica reading the folder another writes to sees a whole file or none.

use bytes::Bytes;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use super::process::{Failure, Processed, Size};

/// Changes whenever pictures or cards would come out differently: what is cached under
/// another version is made again.
const VERSION: &str = "pictures 2";

/// How many loads an entry of the memory cache survives unused.
const KEPT_FOR_LOADS: u64 = 3;

static FOLDER: OnceLock<PathBuf> = OnceLock::new();

#[derive(Default)]
struct Memory {
    /// The number of the current load.
    load: u64,
    photos: HashMap<String, (u64, Result<Arc<Processed>, Failure>)>,
    cards: HashMap<String, (u64, Bytes)>,
}

static MEMORY: LazyLock<Mutex<Memory>> = LazyLock::new(Mutex::default);

/// Keeps processed pictures and cards in `folder` too (made if missing), for every load of
/// this process. Set once, before the first load.
pub fn use_folder(folder: &Path) -> std::io::Result<()> {
    fs::create_dir_all(folder)?;
    let _ = FOLDER.set(folder.to_path_buf());
    Ok(())
}

/// Starts a load: entries no load has used for a while are forgotten.
pub fn next_load() {
    let mut memory = MEMORY.lock().expect("the cache's lock is never poisoned");
    memory.load += 1;
    let oldest = memory.load.saturating_sub(KEPT_FOR_LOADS);
    memory.photos.retain(|_, (load, _)| *load >= oldest);
    memory.cards.retain(|_, (load, _)| *load >= oldest);
}

/// The key of what is made from `parts`.
pub fn key(kind: &str, parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in [VERSION.as_bytes(), kind.as_bytes()]
        .into_iter()
        .chain(parts.iter().copied())
    {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The photo in `bytes`, processed by `make` unless this process or the cache folder already
/// has it.
pub fn photo(
    bytes: &[u8],
    make: impl FnOnce(&[u8]) -> Result<Processed, Failure>,
) -> Result<Arc<Processed>, Failure> {
    let key = key("photo", &[bytes]);
    if let Some(found) = remembered(&key, |m| &mut m.photos) {
        return found;
    }
    let made = match FOLDER
        .get()
        .and_then(|folder| read_photo(&folder.join(&key)))
    {
        Some(processed) => Ok(Arc::new(processed)),
        None => {
            let made = make(bytes).map(Arc::new);
            if let (Some(folder), Ok(processed)) = (FOLDER.get(), &made) {
                write(&folder.join(&key), &photo_file(processed));
            }
            made
        }
    };
    remember(&key, made.clone(), |m| &mut m.photos);
    made
}

/// The share card `key`, drawn by `make` unless this process or the cache folder already has it.
pub fn card(key: &str, make: impl FnOnce() -> Bytes) -> Bytes {
    if let Some(found) = remembered(key, |m| &mut m.cards) {
        return found;
    }
    let path = FOLDER.get().map(|folder| folder.join(format!("{key}.png")));
    let card = match path.as_deref().and_then(|p| fs::read(p).ok()) {
        Some(bytes) if is_whole_png(&bytes) => Bytes::from(bytes),
        _ => {
            let card = make();
            if let Some(path) = &path {
                write(path, &card);
            }
            card
        }
    };
    remember(key, card.clone(), |m| &mut m.cards);
    card
}

fn remembered<T: Clone>(
    key: &str,
    map: impl FnOnce(&mut Memory) -> &mut HashMap<String, (u64, T)>,
) -> Option<T> {
    let mut memory = MEMORY.lock().expect("the cache's lock is never poisoned");
    let load = memory.load;
    let (used, value) = map(&mut memory).get_mut(key)?;
    *used = load;
    Some(value.clone())
}

fn remember<T>(
    key: &str,
    value: T,
    map: impl FnOnce(&mut Memory) -> &mut HashMap<String, (u64, T)>,
) {
    let mut memory = MEMORY.lock().expect("the cache's lock is never poisoned");
    let load = memory.load;
    map(&mut memory).insert(key.to_string(), (load, value));
}

/// Whether `bytes` is a PNG from its signature to its end chunk: a card cut short is drawn
/// again.
fn is_whole_png(bytes: &[u8]) -> bool {
    const END: [u8; 12] = [0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82];
    bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.ends_with(&END)
}

/// Writes `bytes` to `path` through a temporary file of a name no other thread or process
/// has, renamed into place. A cache that cannot be written is only slower: the failure is
/// logged, not returned.
fn write(path: &Path, bytes: &[u8]) {
    let folder = path.parent().unwrap_or(Path::new("."));
    let written = tempfile::NamedTempFile::new_in(folder).and_then(|mut file| {
        std::io::Write::write_all(&mut file, bytes)?;
        file.persist(path).map_err(|e| e.error)?;
        Ok(())
    });
    if let Err(error) = written {
        tracing::warn!(path = %path.display(), %error, "the media cache could not be written");
    }
}

/// The header of a cached photo: its sizes, and the length of each file after it.
#[derive(serde::Serialize, serde::Deserialize)]
struct Header {
    width: u32,
    height: u32,
    alpha: bool,
    /// Width, height, WebP length, fallback length.
    sizes: Vec<(u32, u32, usize, usize)>,
    share: usize,
}

/// A processed photo as one file: a line of JSON, then the pictures' bytes one after another.
fn photo_file(processed: &Processed) -> Vec<u8> {
    let header = Header {
        width: processed.width,
        height: processed.height,
        alpha: processed.alpha,
        sizes: processed
            .sizes
            .iter()
            .map(|s| (s.width, s.height, s.webp.len(), s.fallback.len()))
            .collect(),
        share: processed.share.len(),
    };
    let mut file = serde_json::to_vec(&header).expect("a header always serialises");
    file.push(b'\n');
    for size in &processed.sizes {
        file.extend_from_slice(&size.webp);
        file.extend_from_slice(&size.fallback);
    }
    file.extend_from_slice(&processed.share);
    file
}

/// The photo cached at `path`, unless it is missing or not whole.
fn read_photo(path: &Path) -> Option<Processed> {
    let file = Bytes::from(fs::read(path).ok()?);
    let end = file.iter().position(|&b| b == b'\n')?;
    let header: Header = serde_json::from_slice(&file[..end]).ok()?;
    let mut rest = file.slice(end + 1..);
    let mut take = |length: usize| (length <= rest.len()).then(|| rest.split_to(length));
    let mut sizes = Vec::new();
    for (width, height, webp, fallback) in header.sizes {
        let webp = take(webp)?;
        let fallback = take(fallback)?;
        sizes.push(Size {
            width,
            height,
            webp,
            fallback,
        });
    }
    let share = take(header.share)?;
    (rest.is_empty() && !sizes.is_empty()).then_some(Processed {
        width: header.width,
        height: header.height,
        alpha: header.alpha,
        sizes,
        share,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cached_photo_reads_back_whole_or_not_at_all() {
        let processed = Processed {
            width: 10,
            height: 5,
            alpha: false,
            sizes: vec![Size {
                width: 10,
                height: 5,
                webp: Bytes::from_static(b"RIFF...."),
                fallback: Bytes::from_static(b"\xff\xd8..."),
            }],
            share: Bytes::from_static(b"\xff\xd8share"),
        };
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("photo");
        let file = photo_file(&processed);
        fs::write(&path, &file).expect("written");
        assert_eq!(read_photo(&path), Some(processed));
        fs::write(&path, &file[..file.len() - 1]).expect("written");
        assert_eq!(read_photo(&path), None);
        fs::write(&path, b"{}\n").expect("written");
        assert_eq!(read_photo(&path), None);
    }
}
