//! Writes a synthetic content folder for benchmarks:
//! `cargo run --release --example generate -- DIR [PAGES]` (default 10000 pages).

use std::path::Path;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: generate DIR [PAGES]");
    let pages = args
        .next()
        .map_or(10_000, |n| n.parse().expect("PAGES is a number"));
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    international_leeds::generate::generate_site(&bundled, Path::new(&dir), pages)
        .expect("the site is written");
    println!("wrote about {pages} pages of content to {dir}");
}
