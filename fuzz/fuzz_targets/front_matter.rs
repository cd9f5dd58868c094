//! Any bytes as a content file: decoding, splitting and reading every field never panic, and
//! every mistake names the file and a line.
#![no_main]

use international_leeds::content::document;
use international_leeds::content::schema::CityFields;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|bytes: &[u8]| {
    let path = Path::new("content/pages/fuzz.md");
    let errors = match document::decode(path, bytes).and_then(|text| document::split(path, text)) {
        Ok(doc) => doc.fields::<CityFields>().errors,
        Err(error) => vec![error],
    };
    for error in errors {
        assert_eq!(error.location.path, path);
        assert!(error.location.line >= 1);
    }
});
