//! Any bytes as a content file: decoding, splitting and parsing never panic, and every error
//! names the file and a line.
#![no_main]

use international_leeds::content::document;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|bytes: &[u8]| {
    let path = Path::new("content/pages/fuzz.md");
    let parsed = document::decode(path, bytes)
        .and_then(|text| document::split(path, text))
        .and_then(|doc| doc.fields::<toml::Table>(path));
    if let Err(error) = parsed {
        assert_eq!(error.location.path, path);
        assert!(error.location.line >= 1);
    }
});
