//! Any bytes as a page (and as `synonyms.toml`) in a generated content folder: loading never
//! panics, and every error says where it is.
#![no_main]

use international_leeds::content;
use international_leeds::generate::generate_site;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

/// A small generated site, made once; each run copies it and adds the fuzzed file.
fn base() -> &'static tempfile::TempDir {
    static BASE: OnceLock<tempfile::TempDir> = OnceLock::new();
    BASE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        generate_site(&bundled, dir.path(), 40).expect("a generated site");
        dir
    })
}

fuzz_target!(|bytes: &[u8]| {
    let dir = base().path();
    let target = dir.join("pages/fuzzed.md");
    std::fs::write(&target, bytes).expect("write the fuzzed file");
    // The same bytes as the search's synonyms, a TOML file of the editors' too.
    std::fs::write(dir.join("synonyms.toml"), bytes).expect("write the fuzzed synonyms");
    if let Err(problems) = content::load(dir) {
        for error in &problems.errors {
            assert!(error.location.line >= 1, "{error}");
        }
    }
    let _ = std::fs::remove_file(target);
});
