//! The limits that keep any content within bounded memory and time: a file, a page, the whole
//! content. Each is a `check` error naming the file and the limit, so a mistake (a paste gone
//! wrong, a generated file) is refused before it can take the server down. docs/security.md
//! gives the figures they were set from.

use std::fs;
use std::io::Read;
use std::path::Path;

/// The largest content file (front matter and text): about 150,000 words, several times the
/// longest page a visitor would read.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The most bytes all content files may hold together, each counted as at least
/// [`MIN_FILE_CHARGE`]. A reload holds the old site and the new one at once, and peaks under
/// 100 MB + 40 times the content's size (docs/performance.md), so this keeps even the largest
/// site that passes `check` within a few gigabytes; `MemoryMax` in the systemd unit is set
/// for the bundled content.
pub const MAX_CONTENT_BYTES: u64 = 64 * 1024 * 1024;

/// The least a file counts for in the content's size: even a file of a few lines becomes a
/// page of several kilobytes, with its layout, compressed forms and place in the search.
pub const MIN_FILE_CHARGE: u64 = 1024;

/// The most HTML one Markdown text may become. A reference link written once and used
/// thousands of times, or a table of one-letter cells, grows far more than its file.
pub const MAX_TEXT_HTML_BYTES: usize = 2 * 1024 * 1024;

/// The most HTML one page may be, layout and lists included.
pub const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// The most HTML all pages of one language may be together: a site in five languages may be
/// five times this.
pub const MAX_SITE_BYTES: usize = 256 * 1024 * 1024;

/// The deepest Markdown and HTML may nest (lists in lists, quotes in quotes, elements in
/// elements): the sanitiser's time grows with the depth of every element, and no page a
/// person reads nests more than a dozen deep.
pub const MAX_NESTING: usize = 100;

/// The most HTML elements one Markdown text may become. The sanitiser holds each as a node of
/// about 200 bytes while it works, so this bounds its memory; Lighthouse already calls a page
/// of 1,400 elements too big for a phone.
pub const MAX_ELEMENTS: usize = 20_000;

/// The most findings (advice for editors) told of one text; the rest are counted.
pub const MAX_FINDINGS: usize = 50;

/// The largest file in `static/`: every file is held in memory, and served from there.
pub const MAX_STATIC_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The most bytes all files of `static/` may hold together.
pub const MAX_STATIC_BYTES: u64 = 128 * 1024 * 1024;

/// The most threads a build uses. Each holds a file or a page's compression tables while it
/// works, so a build's memory would otherwise grow with the machine's cores.
pub const MAX_BUILD_THREADS: usize = 4;

/// The threads a build uses: one a core, at most [`MAX_BUILD_THREADS`].
pub fn build_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_BUILD_THREADS)
}

/// The bytes of the regular file at `path`, or `None` when it holds more than `limit`: only
/// `limit` and one byte are ever read, so a file that grows while it is read costs no more.
pub fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    // Asked before opening: opening a pipe waits for a writer, and reading a device may
    // never end.
    let metadata = fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(std::io::Error::other(
            "it is not a file (a folder, pipe or device); content/ holds only text files",
        ));
    }
    if metadata.len() > limit {
        return Ok(None);
    }
    let file = fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// `bytes` in the units people read: `1 MB`, `2.5 MB`, `900 KB`.
pub fn size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * KB;
    if bytes >= MB {
        let tenths = (bytes * 10).div_ceil(MB);
        if tenths.is_multiple_of(10) {
            format!("{} MB", tenths / 10)
        } else {
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
    } else {
        format!("{} KB", bytes.div_ceil(KB))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(MAX_FILE_BYTES), "1 MB");
        assert_eq!(size(MAX_FILE_BYTES + 1), "1.1 MB");
        assert_eq!(size(5 * 1024 * 1024 / 2), "2.5 MB");
        assert_eq!(size(900 * 1024), "900 KB");
        assert_eq!(size(1), "1 KB");
    }
}
