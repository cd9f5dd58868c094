//! Properties that must hold for any input, checked on random input by proptest: the content
//! parser and the loader never panic and always say where a problem is; sanitised Markdown
//! never carries script.

mod common;

use international_leeds::content::schema::CityFields;
use international_leeds::content::{self, Problem, document};
use international_leeds::markdown;
use proptest::prelude::*;
use std::path::Path;

/// Text that looks somewhat like a content file: front-matter fences, TOML, Markdown, HTML.
fn content_like() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("+++\n".to_string()),
        Just("title = \"A\"\n".to_string()),
        Just("kind = \"partner\"\n".to_string()),
        Just("latitude = 91.5\n".to_string()),
        Just("priorities = [\"nope\", \"health-wellbeing\"]\n".to_string()),
        Just("[[local_names]]\nname = \"Niš\"\nlang = \"sr\"\n".to_string()),
        Just("date = 2026-02-30\n".to_string()),
        Just("## Heading\n".to_string()),
        Just("[link](/nowhere/#x)\n".to_string()),
        Just("<script>alert(1)</script>\n".to_string()),
        "[\\PC\n]{0,40}",
    ];
    prop::collection::vec(pieces, 0..12).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn splitting_and_parsing_any_text_never_panics_and_errors_have_a_line(text in content_like()) {
        let path = Path::new("content/pages/random.md");
        let errors = match document::decode(path, text.as_bytes())
            .and_then(|text| document::split(path, text))
        {
            Ok(doc) => {
                let fields = doc.fields::<CityFields>();
                prop_assert_eq!(fields.errors.is_empty(), fields.value.is_some() && fields.set_aside.is_empty());
                fields.errors
            }
            Err(error) => vec![error],
        };
        for error in errors {
            prop_assert_eq!(error.location.path.as_path(), path);
            prop_assert!(error.location.line >= 1, "{}", error);
            prop_assert!(error.to_string().starts_with("content/pages/random.md:"));
        }
    }

    #[test]
    fn decoding_any_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let path = Path::new("a.md");
        if let Err(error) = document::decode(path, &bytes) {
            prop_assert!(matches!(error.problem, Problem::NotUtf8 | Problem::Empty));
            prop_assert!(error.location.line >= 1);
        }
    }

    #[test]
    fn sanitised_markdown_never_carries_script(
        text in "[\\PC\n]{0,80}",
        hostile in prop::sample::select(vec![
            "<script>x</script>", "<SCRIPT SRC=//evil>", "<img src=x onerror=alert(1)>",
            "[a](javascript:alert(1))", "<a href=\"JAVASCRIPT:alert(1)\">a</a>",
            "<a href=\"jav&#x09;ascript:alert(1)\">a</a>", "<svg onload=alert(1)>",
            "<iframe src=//evil></iframe>", "<style>body{}</style>", "<object data=x>",
            "![x](javascript:alert(1))", "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        ]),
    ) {
        let html = markdown::render(&format!("{text}\n\n{hostile}\n\n{text}")).html;
        prop_assert_eq!(markdown::check_inert(&html), Ok(()), "{}", html);
        prop_assert!(!html.to_lowercase().contains("<script"), "{}", html);
    }
}

proptest! {
    // Each case writes a content folder: fewer cases, still a good spread.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_loader_never_panics_on_random_files_and_every_error_has_a_place(
        files in prop::collection::vec((prop::sample::select(vec!["priorities", "partnerships", "pages", "news"]), content_like()), 1..6),
        raw_bytes in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let dir = common::content_copy();
        for (n, (section, text)) in files.iter().enumerate() {
            let folder = dir.path().join(section);
            std::fs::create_dir_all(&folder).expect("a folder");
            std::fs::write(folder.join(format!("random-{n}.md")), text).expect("write");
        }
        std::fs::write(dir.path().join("pages/bytes.md"), &raw_bytes).expect("write");
        if let Err(problems) = content::load(dir.path()) {
            prop_assert!(!problems.errors.is_empty());
            for error in &problems.errors {
                prop_assert!(error.location.path.starts_with(dir.path()), "{}", error);
                prop_assert!(error.location.line >= 1, "no line: {}", error);
            }
        }
    }
}
