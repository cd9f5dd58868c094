//! Any text as Markdown: rendering (and reading its links, ids and text) never panics, and the sanitised HTML can run nothing
//! (`markdown::check_inert`: no active element, event handler or script URL in any tag).
#![no_main]

use international_leeds::markdown;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let rendered = markdown::render(text);
    if let Err(tag) = markdown::check_inert(&rendered.html) {
        panic!("{tag} survived in {}", rendered.html);
    }
});
