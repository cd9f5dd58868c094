//! Adds photos to a content folder, for the pictures benchmark (benches/pictures.sh):
//! `cargo run --release --example photos -- CONTENT_DIR [COUNT] [WIDTH] [HEIGHT]` (default 10
//! photos of 4000 × 3000, as a phone takes them, with EXIF and GPS), shown on Lille's page.

use std::fs;
use std::path::Path;

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: photos CONTENT_DIR [COUNT] [WIDTH] [HEIGHT]";
    let dir = args.next().expect(usage);
    let mut number = |default: u32| args.next().map_or(default, |n| n.parse().expect(usage));
    let (count, width, height) = (number(10), number(4000), number(3000));
    let dir = Path::new(&dir);
    let media = dir.join("media").join("bench");
    fs::create_dir_all(&media).expect("the media folder is made");
    let mut text = String::new();
    for i in 0..count {
        // Each a pixel wider than the one before, so that no two are the same file.
        let photo = international_leeds::generate::phone_photo(width + i, height);
        fs::write(media.join(format!("photo-{i}.jpg")), photo).expect("the photo is written");
        text.push_str(&format!(
            "\n\n![Benchmark photo {i}](bench/photo-{i}.jpg)\n"
        ));
    }
    let page = dir.join("partnerships").join("lille.md");
    let original = fs::read_to_string(&page).expect("Lille's page");
    fs::write(&page, original + &text).expect("Lille's page is written");
    println!(
        "wrote {count} photos of {width} × {height} to {}",
        media.display()
    );
}
