//! Photos as editors add them (a file in `content/media/`, named by a page) and the share
//! cards of every page: served as `<picture>` with every width, without the camera's
//! metadata, cached, and every broken picture told by `check` at its line.

mod common;

use image::ImageReader;
use std::io::{Cursor, Write};
use std::path::Path;

use common::{add_photo, content_copy, edit_page, failed_build, phone_photo, repo_path};
use international_leeds::generate::PHONE_MAKE;
use international_leeds::snapshot::{BuildOptions, Cache, Snapshot};

/// A PNG of 20,000 × 20,000 pixels in a few kilobytes: a decompression bomb.
fn bomb() -> Vec<u8> {
    let side = 20_000u32;
    let mut raw = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let row = vec![0u8; 1 + (side as usize).div_ceil(8)];
    for _ in 0..side {
        raw.write_all(&row).expect("compresses");
    }
    let data = raw.finish().expect("compresses");
    png_file(side, &[1, 0, 0, 0, 0], &data)
}

/// A square PNG `side` pixels wide, with the rest of its header (`bits`: depth, colour type,
/// compression, filter, interlace) and its compressed pixels.
fn png_file(side: u32, bits: &[u8; 5], data: &[u8]) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], body: &[u8]| {
        png.extend((body.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(body);
        png.extend(kind);
        png.extend(body);
        png.extend(crc.sum().to_be_bytes());
    };
    let mut header = side.to_be_bytes().to_vec();
    header.extend(side.to_be_bytes());
    header.extend(bits);
    chunk(b"IHDR", &header);
    chunk(b"IDAT", data);
    chunk(b"IEND", b"");
    png
}

/// The HTML of the page at `path` of `snapshot`.
fn html_of(snapshot: &Snapshot, path: &str) -> String {
    String::from_utf8_lossy(
        snapshot
            .page(path)
            .unwrap_or_else(|| panic!("no page {path}")),
    )
    .into_owned()
}

/// The errors of a public build of `content`, which must fail, each with its file relative
/// to `content`.
fn build_errors(content: &Path) -> Vec<String> {
    let problems = failed_build(content, &repo_path("static"));
    let prefix = format!("{}/", content.display());
    problems
        .errors
        .iter()
        .map(|e| e.to_string().replace(&prefix, ""))
        .collect()
}

fn build(content: &Path) -> Snapshot {
    Snapshot::build(content, &repo_path("static"), BuildOptions::public())
        .expect("the content builds")
}

/// The values of `attribute` in `html`, in order.
fn attributes<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let marker = format!(" {attribute}=\"");
    html.split(&marker)
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(value, _)| value))
        .collect()
}

/// The addresses in a `srcset`.
fn srcset_urls(srcset: &str) -> Vec<&str> {
    srcset
        .split(", ")
        .filter_map(|candidate| candidate.split_whitespace().next())
        .collect()
}

/// The metadata a picture file carries: EXIF, XMP or text, by the kind of file.
fn metadata(bytes: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    if bytes.starts_with(&[0xFF, 0xD8]) {
        // JPEG: APPn segments other than JFIF (APP0).
        let mut at = 2;
        while at + 4 <= bytes.len() && bytes[at] == 0xFF {
            let marker = bytes[at + 1];
            if marker == 0xDA {
                break;
            }
            let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
            if (0xE1..=0xEF).contains(&marker) {
                found.push(format!("APP{}", marker - 0xE0));
            }
            at += 2 + length;
        }
    } else if bytes.starts_with(b"RIFF") {
        let mut at = 12;
        while at + 8 <= bytes.len() {
            let kind = String::from_utf8_lossy(&bytes[at..at + 4]).into_owned();
            let length = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().expect("4 bytes"));
            if ["EXIF", "XMP ", "ICCP"].contains(&kind.as_str()) {
                found.push(kind);
            }
            at += 8 + (length as usize).next_multiple_of(2);
        }
    } else if bytes.starts_with(b"\x89PNG") {
        let mut at = 8;
        while at + 8 <= bytes.len() {
            let length = u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
            let kind = String::from_utf8_lossy(&bytes[at + 4..at + 8]).into_owned();
            if ["eXIf", "tEXt", "iTXt", "zTXt", "iCCP"].contains(&kind.as_str()) {
                found.push(kind);
            }
            at += 12 + length as usize;
        }
    }
    if bytes.windows(PHONE_MAKE.len()).any(|w| w == PHONE_MAKE) {
        found.push("the camera's make".to_string());
    }
    found
}

fn dimensions(bytes: &[u8]) -> (u32, u32) {
    ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .expect("a picture")
        .into_dimensions()
        .expect("its size")
}

#[test]
fn a_phone_photo_is_served_as_a_picture_of_every_width_without_its_metadata() {
    let content = content_copy();
    add_photo(content.path(), "lille-school.jpg", &phone_photo(1200, 900));
    edit_page(
        content.path(),
        "partnerships/lille.md",
        "",
        "![Pupils from Lille and Leeds at the Civic Hall](lille-school.jpg)",
    );
    let snapshot = build(content.path());
    let page = html_of(&snapshot, "/partnerships/lille/");
    let picture = page
        .split("<picture>")
        .nth(1)
        .and_then(|rest| rest.split_once("</picture>"))
        .map(|(inside, _)| inside)
        .unwrap_or_else(|| panic!("no <picture> in {page}"));
    // Turned as the camera said: 900 wide, 1200 high.
    assert_eq!(attributes(picture, "width"), ["900"], "{picture}");
    assert_eq!(attributes(picture, "height"), ["1200"], "{picture}");
    assert_eq!(
        attributes(picture, "alt"),
        ["Pupils from Lille and Leeds at the Civic Hall"]
    );
    // The only picture of a page without a main photo is its first: fetched at once.
    assert!(!picture.contains("loading=\"lazy\""), "{picture}");
    let srcsets = attributes(picture, "srcset");
    assert_eq!(srcsets.len(), 2, "WebP and the fallback: {picture}");
    let mut urls: Vec<&str> = srcsets.iter().flat_map(|s| srcset_urls(s)).collect();
    urls.extend(attributes(picture, "src"));
    assert_eq!(
        urls.len(),
        5,
        "two widths (480, and the original's 900) twice, and src: {urls:?}"
    );
    for url in urls {
        let served = snapshot
            .file(url)
            .unwrap_or_else(|| panic!("{url} is not served"));
        assert_eq!(served.cache, Cache::Immutable, "{url}");
        let bytes = &served.body.identity;
        assert_eq!(
            metadata(bytes),
            Vec::<String>::new(),
            "{url} carries metadata"
        );
        let (width, height) = dimensions(bytes);
        assert!(
            width <= 900 && height > width,
            "{url} is {width} × {height}"
        );
        let wanted = if url.ends_with(".webp") {
            "image/webp"
        } else {
            "image/jpeg"
        };
        assert_eq!(served.content_type, wanted, "{url}");
    }
}

#[test]
fn a_main_photo_has_its_caption_and_credit_and_is_what_the_page_shares() {
    let content = content_copy();
    add_photo(content.path(), "lille/school.jpg", &phone_photo(2000, 1500));
    edit_page(
        content.path(),
        "partnerships/lille.md",
        "image = { file = \"lille/school.jpg\", alt = \"Pupils at the Civic Hall\", caption = \"The exchange of 2026\", credit = \"Leeds City Council\" }",
        "",
    );
    let snapshot = build(content.path());
    let page = html_of(&snapshot, "/partnerships/lille/");
    let figure = page
        .split("<figure class=\"main-picture\">")
        .nth(1)
        .unwrap_or_else(|| panic!("no main picture in {page}"));
    assert!(figure.contains("<figcaption>The exchange of 2026 <span class=\"credit\">Photo: Leeds City Council</span></figcaption>"), "{figure}");
    assert!(figure.contains("fetchpriority=\"high\""), "{figure}");
    let share = attributes(&page, "content")
        .into_iter()
        .find(|url| url.contains("/static/media/lille-school-share."))
        .unwrap_or_else(|| panic!("no og:image of the photo in {page}"));
    let path = share.trim_start_matches(international_leeds::snapshot::DEFAULT_BASE_URL);
    let served = snapshot.file(path).expect("the shared crop is served");
    assert_eq!(dimensions(&served.body.identity), (1200, 630));
    assert_eq!(metadata(&served.body.identity), Vec::<String>::new());
    // The French page shows the same photo, its words in English.
    let french = html_of(&snapshot, "/fr/partnerships/lille/");
    assert!(
        french.contains("<figure class=\"main-picture\" lang=\"en-GB\">"),
        "{french}"
    );
    assert!(french.contains("Photo : Leeds City Council"), "{french}");
}

#[test]
fn broken_pictures_are_told_at_their_line_and_nothing_is_published() {
    let content = content_copy();
    add_photo(content.path(), "school.jpg", &phone_photo(1200, 900));
    add_photo(
        content.path(),
        "broken.jpg",
        &phone_photo(1200, 900)[..2000],
    );
    add_photo(content.path(), "bomb.png", &bomb());
    add_photo(content.path(), "notes.txt", b"not a picture");
    edit_page(
        content.path(),
        "partnerships/lille.md",
        "",
        "![Pupils](shcool.jpg)\n\n![](school.jpg)\n\n![A damaged photo](broken.jpg)\n\n![A bomb](bomb.png)\n\n![Notes](notes.txt)",
    );
    let errors = build_errors(content.path());
    let lille: Vec<&String> = errors
        .iter()
        .filter(|e| e.starts_with("partnerships/lille.md:"))
        .collect();
    assert_eq!(lille.len(), 5, "{errors:#?}");
    assert!(
        lille[0].contains("no file `shcool.jpg` in content/media/")
            && lille[0].contains("did you mean `school.jpg`?"),
        "{}",
        lille[0]
    );
    assert!(
        lille[1].contains("alt") && lille[1].contains("screen reader"),
        "{}",
        lille[1]
    );
    assert!(
        lille[2].contains("broken.jpg cannot be shown")
            && lille[2].contains("damaged or cut short"),
        "{}",
        lille[2]
    );
    assert!(
        lille[3].contains("bomb.png cannot be shown") && lille[3].contains("20000 × 20000 pixels"),
        "{}",
        lille[3]
    );
    assert!(
        lille[4].contains("notes.txt cannot be shown") && lille[4].contains("JPEG"),
        "{}",
        lille[4]
    );
    // Each at its own line, after the front matter.
    let lines: Vec<usize> = lille
        .iter()
        .map(|e| {
            e.split(':')
                .nth(1)
                .and_then(|n| n.parse().ok())
                .expect("a line")
        })
        .collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "{lille:#?}");
}

#[test]
fn a_main_photo_without_alt_text_is_an_error_at_its_field() {
    let content = content_copy();
    add_photo(content.path(), "school.jpg", &phone_photo(1200, 900));
    edit_page(
        content.path(),
        "partnerships/lille.md",
        "image = { file = \"school.jpg\" }",
        "",
    );
    let errors = build_errors(content.path());
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let text = std::fs::read_to_string(content.path().join("partnerships/lille.md")).expect("read");
    let line = text
        .lines()
        .position(|l| l.starts_with("image ="))
        .expect("the field")
        + 1;
    assert!(
        errors[0].starts_with(&format!("partnerships/lille.md:{line}:")),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains("alt = \\\"") || errors[0].contains("alt = \""),
        "{}",
        errors[0]
    );
}

#[test]
fn every_page_shares_a_card_of_its_own() {
    let snapshot = common::snapshot();
    let mut cards = std::collections::HashSet::new();
    for path in snapshot.page_paths() {
        let page = html_of(&snapshot, path);
        assert!(
            page.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"),
            "{path}"
        );
        let image = page
            .split("<meta property=\"og:image\" content=\"")
            .nth(1)
            .and_then(|rest| rest.split_once('"'))
            .map(|(url, _)| url)
            .unwrap_or_else(|| panic!("{path} has no og:image"));
        assert!(
            page.contains(&format!(
                "<meta name=\"twitter:image\" content=\"{image}\">"
            )),
            "{path}"
        );
        let url = image.trim_start_matches(international_leeds::snapshot::DEFAULT_BASE_URL);
        let served = snapshot
            .file(url)
            .unwrap_or_else(|| panic!("{path}'s card {url} is not served"));
        assert_eq!(served.content_type, "image/png");
        assert_eq!(dimensions(&served.body.identity), (1200, 630), "{url}");
        cards.insert(url.to_string());
    }
    assert_eq!(
        cards.len(),
        snapshot.page_paths().len(),
        "each page has its own card"
    );
}

#[test]
fn a_restart_with_the_cache_processes_nothing_again() {
    let content = content_copy();
    add_photo(content.path(), "lille-school.jpg", &phone_photo(1600, 1200));
    edit_page(
        content.path(),
        "partnerships/lille.md",
        "",
        "![Pupils at the Civic Hall](lille-school.jpg)",
    );
    let cache = tempfile::tempdir().expect("a cache folder");
    let run = || {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_international-leeds"))
            .args([
                "check",
                "--log-level",
                "international_leeds=debug",
                "--log-format",
                "json",
                "--content",
            ])
            .arg(content.path())
            .env("MEDIA_CACHE", cache.path())
            .output()
            .expect("check runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stdout)
        );
        let logs = String::from_utf8_lossy(&output.stderr).into_owned();
        let line = logs
            .lines()
            .find(|l| l.contains("\"photos loaded\""))
            .unwrap_or_else(|| panic!("no line about photos in {logs}"))
            .to_string();
        let line: serde_json::Value = serde_json::from_str(&line).expect("JSON");
        line["processed"].as_u64().expect("a count")
    };
    assert_eq!(run(), 1, "the first run processes the photo");
    assert_eq!(run(), 0, "the second finds it in the cache");
}

#[test]
fn a_main_photo_named_by_an_address_says_where_photos_go() {
    let content = content_copy();
    edit_page(
        content.path(),
        "pages/accessibility.md",
        "image = { file = \"/static/icon.svg\", alt = \"The site's icon\" }",
        "",
    );
    let errors = common::load_errors(content.path());
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with("pages/accessibility.md:")
            && errors[0].contains("`/static/icon.svg` is an address")
            && errors[0].contains("content/media/"),
        "{}",
        errors[0]
    );
}

#[test]
fn the_export_writes_every_picture_as_it_is_served_and_later_pictures_wait() {
    let content = common::content_with_photos();
    let snapshot = build(content.path());
    let page = html_of(&snapshot, "/partnerships/lille/");
    // The main photo first, at once; the two in the text as they near the screen.
    let imgs: Vec<&str> = page.split("<img ").skip(1).collect();
    let pictures: Vec<&&str> = imgs
        .iter()
        .filter(|i| i.contains("/static/media/"))
        .collect();
    assert_eq!(pictures.len(), 3, "{page}");
    assert!(pictures[0].contains("fetchpriority=\"high\"") && !pictures[0].contains("loading="));
    assert!(
        pictures[1..]
            .iter()
            .all(|i| i.contains("loading=\"lazy\"") && !i.contains("fetchpriority"))
    );
    let out = tempfile::tempdir().expect("a folder");
    let dir = out.path().join("site");
    international_leeds::export::export(&snapshot, &dir).expect("the export is written");
    let media: Vec<&str> = snapshot
        .paths()
        .into_iter()
        .filter(|p| p.starts_with("/static/media/") || p.starts_with("/static/cards/"))
        .collect();
    assert!(media.len() > 20, "{media:?}");
    for path in media {
        let written = std::fs::read(dir.join(path.trim_start_matches('/')))
            .unwrap_or_else(|_| panic!("{path} is not exported"));
        assert_eq!(
            written,
            snapshot.file(path).expect("served").body.identity,
            "{path}"
        );
    }
}

#[test]
fn transparency_is_kept_only_where_a_picture_has_some() {
    let png = |alpha: u8| {
        let pixels: Vec<u8> = (0..64 * 48)
            .flat_map(|i| {
                [
                    (i % 256) as u8,
                    90,
                    160,
                    if i % 2 == 0 { alpha } else { 255 },
                ]
            })
            .collect();
        let mut out = Vec::new();
        image::ImageEncoder::write_image(
            image::codecs::png::PngEncoder::new(&mut out),
            &pixels,
            64,
            48,
            image::ExtendedColorType::Rgba8,
        )
        .expect("encodes");
        out
    };
    let see_through = international_leeds::media::process::process(&png(0)).expect("a picture");
    assert!(see_through.alpha);
    assert!(
        see_through
            .sizes
            .iter()
            .all(|s| s.fallback.starts_with(b"\x89PNG"))
    );
    let opaque = international_leeds::media::process::process(&png(255)).expect("a picture");
    assert!(!opaque.alpha);
    assert!(
        opaque
            .sizes
            .iter()
            .all(|s| s.fallback.starts_with(&[0xFF, 0xD8]))
    );
    // The share crop has no transparency: it is JPEG over white.
    assert!(see_through.share.starts_with(&[0xFF, 0xD8]));
}

#[test]
fn a_motion_photo_is_whole_and_a_deep_png_is_refused_before_it_is_decoded() {
    // A phone's motion photo: the JPEG, then a video whose bytes may hold anything.
    let mut motion = phone_photo(64, 48);
    motion.extend(b"\0\0\0\x18ftypmp42 \xFF\xDA\x00\x02 video frames\xFF\xDA");
    let processed = international_leeds::media::process::process(&motion).expect("a whole photo");
    assert_eq!((processed.width, processed.height), (48, 64));
    // A flat 16-bit RGBA PNG of 4,800 × 4,800: a few hundred KB, under 50 megapixels, but
    // 184 MB decoded and 92 MB more in 8 bits.
    let side = 4_800u32;
    let mut raw = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let row = vec![0u8; 1 + side as usize * 8];
    for _ in 0..side {
        raw.write_all(&row).expect("compresses");
    }
    let png = png_file(side, &[16, 6, 0, 0, 0], &raw.finish().expect("compresses"));
    let started = std::time::Instant::now();
    let refused = international_leeds::media::process::process(&png);
    let refused = refused.map(|made| (made.width, made.height));
    assert!(
        matches!(refused, Err(international_leeds::media::process::Failure::TooHeavy { megabytes, .. }) if megabytes > 256),
        "{refused:?}"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "refused from its header"
    );
}

#[test]
fn small_photos_are_worth_a_warning_and_empty_alt_text_one_error() {
    let content = content_copy();
    add_photo(content.path(), "small.jpg", &phone_photo(400, 300));
    edit_page(
        content.path(),
        "partnerships/lille.md",
        "image = { file = \"small.jpg\", alt = \"\" }",
        "",
    );
    let (_, problems) = international_leeds::content::load_partial(content.path());
    let errors: Vec<String> = problems.errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("image: a photo needs alt text"),
        "{}",
        errors[0]
    );
    let warnings: Vec<String> = problems.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("small.jpg is 300 pixels wide") && w.contains("blurred")),
        "{warnings:#?}"
    );
}
