//! Photos that editors add: files in `content/media/`, each processed once, on every core,
//! into the widths the layout needs (WebP, with a JPEG or PNG fallback, no metadata) and a
//! crop for sharing; and a share card for every page without a photo. Pages refer to a photo
//! by its name in the folder (`![Pupils at Civic Hall](lille-school.jpg)`, or the front
//! matter's `image`), and show it as a `<picture>`.

mod cache;
pub mod card;
pub mod process;

use bytes::Bytes;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use cache::use_folder;
use process::{Failure, Processed};

/// The folder of `content/` that holds photos, and of the static files their sizes are
/// served as.
pub const FOLDER: &str = "media";
/// The folder of the static files that share cards are served as.
const CARDS: &str = "cards";
/// The most pages that have a share card of their own: each takes about 15 ms to draw and
/// 30 KB to keep. Past them, a page shares its language's home page's card.
pub const MAX_CARDS: usize = 1_000;

/// The name, among the static files, of the share card of the page at `path`
/// (`cards/partnerships/lille/card.png`).
pub fn card_name(path: &str) -> String {
    format!("{CARDS}{path}card.png")
}
/// The largest photo file: more than a phone's or most cameras' photos.
pub const MAX_FILE_BYTES: u64 = 40 * 1024 * 1024;
/// The most bytes the photos may hold together: each is read at every load, to know whether
/// it changed.
pub const MAX_BYTES: u64 = 512 * 1024 * 1024;
/// The most files the media folder may hold.
pub const MAX_FILES: usize = 5_000;
/// A photo narrower than this looks blurred in the column of text on a sharp screen.
pub const MIN_WIDTH: u32 = 960;
/// How a picture is laid out: the width of the column of text (42rem), or the screen less its
/// margins on a narrower one.
const SIZES: &str = "(min-width: 44rem) 42rem, calc(100vw - 2rem)";

/// One photo, processed: where each of its files is served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// Its size, the right way up.
    pub width: u32,
    pub height: u32,
    /// Narrowest first.
    pub sources: Vec<Source>,
    /// The address of its 1200 × 630 crop for sharing.
    pub share: String,
}

/// One width of a photo, with the address of each of its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub width: u32,
    pub height: u32,
    pub webp: String,
    pub fallback: String,
}

/// Why a photo cannot be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file is larger than [`MAX_FILE_BYTES`]: its size.
    TooManyBytes(u64),
    Unreadable(String),
    Picture(Failure),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::limits::size;
        match self {
            Problem::TooManyBytes(bytes) => write!(
                f,
                "the file is {}, over the limit of {} for a photo; save it smaller (a photo of 4,000 pixels across is plenty)",
                size(*bytes),
                size(MAX_FILE_BYTES)
            ),
            Problem::Unreadable(error) => write!(f, "the file cannot be read: {error}"),
            Problem::Picture(Failure::Unsupported(None)) => f.write_str(
                "it is not a picture the site can show; save it as JPEG (for photos) or PNG",
            ),
            Problem::Picture(Failure::Unsupported(Some(kind))) => write!(
                f,
                "it is a {kind} picture, which the site does not show; save it as JPEG (for photos) or PNG"
            ),
            Problem::Picture(Failure::TooLarge { width, height }) => write!(
                f,
                "it is {width} × {height} pixels, over the site's limit of {} megapixels and {} pixels a side; make it smaller in a photo editor (4,000 × 3,000 is plenty)",
                process::MAX_PIXELS / 1_000_000,
                process::MAX_SIDE
            ),
            Problem::Picture(Failure::TooHeavy {
                width,
                height,
                megabytes,
            }) => write!(
                f,
                "it is {width} × {height} pixels with more colour depth than a photo needs (or stored progressively), and would take {megabytes} MB to read, over the site's limit of {} MB; save it as an ordinary 8-bit JPEG, or smaller",
                process::MAX_DECODE_BYTES / 1024 / 1024
            ),
            Problem::Picture(Failure::Corrupt(why)) => write!(
                f,
                "it cannot be read as a picture ({why}); it may be damaged or cut short: open it in a photo editor and save it again as JPEG"
            ),
        }
    }
}

/// Every photo of `content/media/`, and the files made from them.
#[derive(Debug, Default)]
pub struct Media {
    /// Each photo by its name: its file, and what it is made into or why it cannot be.
    pictures: HashMap<String, (PathBuf, Result<Arc<Picture>, Problem>)>,
    /// Each file made, by the name it is kept under among the static files
    /// (`media/lille-school-480.webp`), with its bytes.
    files: Vec<(String, Bytes)>,
}

impl Media {
    /// Processes every picture file in `dir` (and the folders in it), on every core, each
    /// only if this process or the cache folder has not already. A folder that is missing
    /// holds no photos; one over [`MAX_BYTES`] together is refused whole, with its error.
    pub fn load(dir: &Path) -> Result<Self, crate::content::Problem> {
        use crate::content::Problem::{TooBig, Unreadable};
        cache::next_load();
        let mut paths = Vec::new();
        if dir.is_dir() {
            crate::assets::collect_files(dir, &mut paths).map_err(|e| Unreadable(e.to_string()))?;
        }
        let found: Vec<(String, PathBuf, u64)> = paths
            .into_iter()
            .map(|path| {
                let length = std::fs::metadata(&path).map_or(0, |m| m.len());
                (crate::assets::relative_name(dir, &path), path, length)
            })
            .collect();
        let total: u64 = found.iter().map(|(_, _, length)| length).sum();
        if total > MAX_BYTES || found.len() > MAX_FILES {
            return Err(TooBig(format!(
                "the photos are {} in {} files, over the limit of {} or {MAX_FILES} files (each is read at every load); take out those no page shows, or save them smaller",
                crate::limits::size(total),
                found.len(),
                crate::limits::size(MAX_BYTES)
            )));
        }
        let started = std::time::Instant::now();
        let made = AtomicUsize::new(0);
        let processed = in_parallel(&found, |(_, path, length)| {
            read_and_process(path, *length, &made)
        });
        tracing::debug!(
            ms = started.elapsed().as_millis() as u64,
            photos = found.len(),
            processed = made.load(Ordering::Relaxed),
            "photos loaded"
        );
        let mut media = Media::default();
        for ((name, path, _), made) in found.into_iter().zip(processed) {
            let picture = made.map(|processed| Arc::new(media.add(&name, &processed)));
            media.pictures.insert(name, (path, picture));
        }
        Ok(media)
    }

    /// Keeps the files of `processed`, the photo `name`, and says where they are served.
    fn add(&mut self, name: &str, processed: &Processed) -> Picture {
        let stem = file_stem(name);
        let fallback_ext = if processed.alpha { "png" } else { "jpg" };
        let mut keep = |file: String, bytes: &Bytes| {
            let url = crate::assets::fingerprinted(&file, bytes);
            self.files.push((file, bytes.clone()));
            url
        };
        let sources = processed
            .sizes
            .iter()
            .map(|size| Source {
                width: size.width,
                height: size.height,
                webp: keep(format!("{FOLDER}/{stem}-{}.webp", size.width), &size.webp),
                fallback: keep(
                    format!("{FOLDER}/{stem}-{}.{fallback_ext}", size.width),
                    &size.fallback,
                ),
            })
            .collect();
        Picture {
            width: processed.width,
            height: processed.height,
            sources,
            share: keep(format!("{FOLDER}/{stem}-share.jpg"), &processed.share),
        }
    }

    /// The photo a page refers to as `name`, or why it cannot be shown; `None` when there is
    /// no such file.
    pub fn get(&self, name: &str) -> Option<Result<&Arc<Picture>, &Problem>> {
        self.pictures.get(name).map(|(_, picture)| picture.as_ref())
    }

    /// Every photo's name, with its file and whether it can be shown.
    pub fn pictures(&self) -> impl Iterator<Item = (&str, &Path, Result<&Arc<Picture>, &Problem>)> {
        self.pictures
            .iter()
            .map(|(name, (path, picture))| (name.as_str(), path.as_path(), picture.as_ref()))
    }

    /// The photos' names, for "did you mean".
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.pictures.keys().map(String::as_str)
    }

    /// Every file made from the photos, with the name it is kept under among the static files.
    pub fn files(&self) -> &[(String, Bytes)] {
        &self.files
    }
}

/// The name in `content/media/` that a picture's address `dest` refers to: an address with
/// no scheme and no leading `/`, percent-decoded, without `./` or `media/` before it.
pub fn reference(dest: &str) -> Option<String> {
    let has_scheme = dest
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains('/'));
    if dest.is_empty() || has_scheme || dest.starts_with(['/', '#', '?']) {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(dest).decode_utf8_lossy();
    let name = decoded.trim_start_matches("./");
    let name = name.strip_prefix(&format!("{FOLDER}/")).unwrap_or(name);
    Some(name.to_string())
}

impl Picture {
    /// Its `<picture>`: WebP for browsers that take it, the fallback for the others, each in
    /// every width, with its size set (no layout shift) and `alt`. Unless `eager` (the first
    /// picture of a page), the browser fetches it only as it nears the screen.
    pub fn html(&self, alt: &str, eager: bool) -> String {
        let srcset = |url: fn(&Source) -> &str| {
            self.sources
                .iter()
                .map(|s| format!("{} {}w", url(s), s.width))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let largest = self
            .sources
            .last()
            .expect("a picture has at least one width");
        // Browsers with no `srcset` take the widest source up to the middle width.
        let plain = self
            .sources
            .iter()
            .rev()
            .find(|s| s.width <= process::WIDTHS[1])
            .unwrap_or(largest);
        let loading = if eager {
            " fetchpriority=\"high\""
        } else {
            " loading=\"lazy\""
        };
        format!(
            "<picture><source type=\"image/webp\" srcset=\"{webp}\" sizes=\"{SIZES}\"><img src=\"{src}\" srcset=\"{fallback}\" sizes=\"{SIZES}\" width=\"{width}\" height=\"{height}\" alt=\"{alt}\"{loading} decoding=\"async\"></picture>",
            webp = srcset(|s| &s.webp),
            src = plain.fallback,
            fallback = srcset(|s| &s.fallback),
            width = largest.width,
            height = largest.height,
            alt = html_escape::encode_double_quoted_attribute(alt),
        )
    }
}

/// A file name's stem made safe for an address: `Lille School.JPG` is `lille-school`, and a
/// photo in a folder (`lille/school.jpg`) keeps the folder's name (`lille-school`).
fn file_stem(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let slug = crate::markdown::slugify(stem);
    if slug.is_empty() {
        "photo".to_string()
    } else {
        slug
    }
}

/// The photo at `path`, processed (counted in `made`) unless cached.
fn read_and_process(
    path: &Path,
    length: u64,
    made: &AtomicUsize,
) -> Result<Arc<Processed>, Problem> {
    if length > MAX_FILE_BYTES {
        return Err(Problem::TooManyBytes(length));
    }
    let bytes = crate::limits::read_at_most(path, MAX_FILE_BYTES)
        .map_err(|e| Problem::Unreadable(e.to_string()))?
        .ok_or(Problem::TooManyBytes(MAX_FILE_BYTES + 1))?;
    let make = |bytes: &[u8]| {
        made.fetch_add(1, Ordering::Relaxed);
        // A decoder's bug in one photo is that photo's error, not the end of the load.
        std::panic::catch_unwind(|| process::process(bytes)).unwrap_or_else(|_| {
            Err(Failure::Corrupt(
                "the picture's decoder failed on it".to_string(),
            ))
        })
    };
    cache::photo(&bytes, make).map_err(Problem::Picture)
}

/// `each` of `items` on every core, the results in their order.
fn in_parallel<T: Sync, R: Send>(items: &[T], each: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = crate::limits::build_threads().min(items.len()).max(1);
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, each(item)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("processing a picture does not panic"))
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// The share cards of `cards`, drawn on every core (each unless already cached).
pub fn draw_cards(cards: &[card::Card]) -> Vec<Bytes> {
    in_parallel(cards, |card| {
        cache::card(&card.key(), || {
            // A card that cannot be drawn is drawn without its words.
            std::panic::catch_unwind(|| card.draw()).unwrap_or_else(|_| card::Card::blank())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_are_named_as_in_the_media_folder() {
        assert_eq!(
            reference("lille-school.jpg").as_deref(),
            Some("lille-school.jpg")
        );
        assert_eq!(
            reference("media/lille%20school.jpg").as_deref(),
            Some("lille school.jpg")
        );
        assert_eq!(
            reference("./lille/school.jpg").as_deref(),
            Some("lille/school.jpg")
        );
        assert_eq!(reference("/static/icon.svg"), None);
        assert_eq!(reference("https://example.org/a.jpg"), None);
        assert_eq!(reference("data:image/png;base64,AAAA"), None);
        assert_eq!(file_stem("Lille School.JPG"), "lille-school");
        assert_eq!(file_stem("lille/school.jpg"), "lille-school");
    }
}
