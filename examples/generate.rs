//! Writes a synthetic content folder for benchmarks:
//! `cargo run --release --example generate -- DIR [PAGES] [LANGUAGES]` (default 10000 pages,
//! in English only; with LANGUAGES, every page is also translated into that many of the
//! languages the bundled site.toml declares).

use std::path::Path;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .expect("usage: generate DIR [PAGES] [LANGUAGES]");
    let pages = args
        .next()
        .map_or(10_000, |n| n.parse().expect("PAGES is a number"));
    let languages = args
        .next()
        .map_or(0, |n| n.parse().expect("LANGUAGES is a number"));
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let generate = international_leeds::generate::generate_site;
    generate(&bundled, Path::new(&dir), pages).expect("the site is written");
    if languages > 0 {
        international_leeds::generate::translate_site(Path::new(&dir), languages)
            .expect("the translations are written");
    }
    println!(
        "wrote about {pages} pages of content to {dir}, translated into {languages} languages"
    );
}
