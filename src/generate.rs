//! A synthetic site of any size, in the shape of the real content (priorities, partner
//! cities that serve them, pages, news posts), for benchmarks and load tests.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use crate::routes::Collection;

/// Writes a content folder of about `pages` pages into `dir`: the bundled `site.toml` and
/// section files from `bundled`, then generated priorities, cities, pages and posts.
pub fn generate_site(bundled: &Path, dir: &Path, pages: usize) -> io::Result<()> {
    for folder in ["priorities", "partnerships", "pages", "news"] {
        fs::create_dir_all(dir.join(folder))?;
    }
    fs::copy(bundled.join("site.toml"), dir.join("site.toml"))?;
    // The languages site.toml declares, with their words.
    let languages = bundled.join("languages");
    if languages.is_dir() {
        fs::create_dir_all(dir.join("languages"))?;
        for entry in fs::read_dir(&languages)? {
            let path = entry?.path();
            if let Some(name) = path.file_name() {
                fs::copy(&path, dir.join("languages").join(name))?;
            }
        }
    }
    for index in ["priorities/_index.md", "partnerships/_index.md"] {
        fs::copy(bundled.join(index), dir.join(index))?;
    }
    let priorities = (pages / 200).max(6);
    let cities = pages / 10;
    let others = pages.saturating_sub(priorities + cities) / 2;
    let posts = pages.saturating_sub(priorities + cities + others);
    let text = paragraph();
    for n in 0..priorities {
        let file = format!(
            "+++\ntitle = \"Priority {n}\"\norder = {n}\nsummary = \"What priority {n} is about.\"\nupdated = 2026-11-29\n+++\n{text}\n\n## Our work\n\n{text}\n"
        );
        fs::write(dir.join(format!("priorities/priority-{n}.md")), file)?;
    }
    for n in 0..cities {
        let latitude = -50.0 + (n * 37 % 130) as f64;
        let longitude = -170.0 + (n * 53 % 340) as f64;
        let file = format!(
            "+++\ntitle = \"City {n}\"\ncountry = \"Country {}\"\nkind = \"partner\"\nlatitude = {latitude}\nlongitude = {longitude}\nsince = {}\npriorities = [\"priority-{}\"]\nsummary = \"What Leeds and city {n} do together.\"\nupdated = 2026-11-29\n\n[[local_names]]\nname = \"Cité {n}\"\nlang = \"fr\"\n+++\n{text}\n\nSee also [priority {}]({}).\n",
            n % 50,
            1950 + n % 70,
            n % priorities,
            n % priorities,
            Collection::Priorities.address(&format!("priority-{}", n % priorities)),
        );
        fs::write(dir.join(format!("partnerships/city-{n}.md")), file)?;
    }
    for n in 0..others {
        let file = format!(
            "+++\ntitle = \"Page {n}\"\ndescription = \"Page {n} of the generated site.\"\nupdated = 2026-11-29\n+++\n{text}\n\n## Details\n\n{text}\n"
        );
        fs::write(dir.join(format!("pages/page-{n}.md")), file)?;
    }
    for n in 0..posts {
        let file = format!(
            "+++\ntitle = \"News {n}\"\ndate = 2026-{:02}-{:02}\nsummary = \"Post {n} of the generated site.\"\n+++\n{text}\n",
            1 + n % 12,
            1 + n % 28
        );
        fs::write(dir.join(format!("news/post-{n}.md")), file)?;
    }
    Ok(())
}

/// Translates every page of the site in `dir` into the first `count` languages its
/// `site.toml` declares: a title and the text, as a translator would.
pub fn translate_site(dir: &Path, count: usize) -> io::Result<()> {
    let settings = fs::read_to_string(dir.join("site.toml"))?;
    let table: toml::Table = settings
        .parse()
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    let languages: Vec<String> = table
        .get("languages")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|l| l.get("code")?.as_str().map(str::to_string))
        .take(count)
        .collect();
    let text = paragraph();
    for folder in ["priorities", "partnerships", "pages", "news"] {
        for entry in fs::read_dir(dir.join(folder))? {
            let path = entry?.path();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let Some(stem) = name.strip_suffix(".md").filter(|s| !s.contains('.')) else {
                continue;
            };
            for lang in &languages {
                let file =
                    format!("+++\ntitle = \"{stem} ({lang})\"\nreviewed = true\n+++\n{text}\n");
                fs::write(path.with_file_name(format!("{stem}.{lang}.md")), file)?;
            }
        }
    }
    Ok(())
}

/// About 120 words of plain prose, like a page of the brochure.
fn paragraph() -> String {
    let mut text = String::new();
    for sentence in 0..6 {
        let _ = write!(
            text,
            "We work with schools, universities and community groups in Leeds and abroad to share what works, sentence {sentence}. "
        );
    }
    text.trim_end().to_string()
}

/// The camera's make in [`phone_photo`]'s EXIF: a processed photo must not carry it.
pub const PHONE_MAKE: &[u8] = b"PhoneMaker";

/// The latitude a phone wrote into the test photo: 53° 47′ 59″ N, Leeds Civic Hall.
pub const LATITUDE: [(u32, u32); 3] = [(53, 1), (47, 1), (59, 1)];

/// A TIFF block of EXIF as a phone writes it: the camera's make, the orientation (6: the
/// camera was turned, the picture is to be turned a quarter clockwise) and GPS coordinates.
fn exif() -> Vec<u8> {
    let mut tiff = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    let entry = |tiff: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32| {
        tiff.extend(tag.to_le_bytes());
        tiff.extend(kind.to_le_bytes());
        tiff.extend(count.to_le_bytes());
        tiff.extend(value.to_le_bytes());
    };
    // IFD0 at 8: three entries (2 + 36 + 4 bytes), then the make, then the GPS IFD.
    let make_at = 8 + 2 + 3 * 12 + 4;
    let make = [PHONE_MAKE, b"\0"].concat();
    let gps_at = make_at + make.len() as u32;
    tiff.extend(3u16.to_le_bytes());
    entry(&mut tiff, 0x010F, 2, make.len() as u32, make_at);
    entry(&mut tiff, 0x0112, 3, 1, 6);
    entry(&mut tiff, 0x8825, 4, 1, gps_at);
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(&make);
    // The GPS IFD: the latitude's reference ("N") and its three rationals after the IFD.
    let rationals_at = gps_at + 2 + 2 * 12 + 4;
    tiff.extend(2u16.to_le_bytes());
    entry(&mut tiff, 0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0"));
    entry(&mut tiff, 0x0002, 5, 3, rationals_at);
    tiff.extend(0u32.to_le_bytes());
    for (numerator, denominator) in LATITUDE {
        tiff.extend(numerator.to_le_bytes());
        tiff.extend(denominator.to_le_bytes());
    }
    tiff
}

/// A JPEG photo `width` × `height` as stored (shown turned, so `height` wide), with the
/// EXIF of [`exif`].
pub fn phone_photo(width: u32, height: u32) -> Vec<u8> {
    // Soft colours that change slowly, and a little grain: about as hard to compress as a
    // photo.
    let pixels: Vec<u8> = (0..width * height)
        .flat_map(|i| {
            let (x, y) = (i % width, i / width);
            let wave = (f64::from(x) / 37.0 + f64::from(y) / 53.0).sin();
            let grain = ((x * 7919 + y * 104_729) % 17) as u8;
            [
                (x * 200 / width) as u8 + grain,
                (y * 200 / height) as u8 + grain,
                (128.0 + 60.0 * wave) as u8 + grain,
            ]
        })
        .collect();
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
    image::ImageEncoder::set_exif_metadata(&mut encoder, exif()).expect("JPEG carries EXIF");
    image::ImageEncoder::write_image(
        encoder,
        &pixels,
        width,
        height,
        image::ExtendedColorType::Rgb8,
    )
    .expect("encodes");
    out
}
