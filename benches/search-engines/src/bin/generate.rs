//! `generate BUNDLED_CONTENT DIR PAGES`: a generated site of PAGES pages in DIR, from the
//! bundled content's settings and languages, with the library's own generator.

use std::path::Path;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [bundled, dir, pages] = args.as_slice() else {
        eprintln!("usage: generate BUNDLED_CONTENT DIR PAGES");
        std::process::exit(2);
    };
    let pages: usize = pages.parse().expect("PAGES is a number");
    international_leeds::generate::generate_site(Path::new(bundled), Path::new(dir), pages)
}
