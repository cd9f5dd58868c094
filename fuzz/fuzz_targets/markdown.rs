//! Any text as Markdown: rendering never panics, and the sanitised HTML carries no script:
//! no script element, no event handler, and no `javascript:` URL in an attribute (the word
//! in plain text is harmless).
#![no_main]

use international_leeds::markdown;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let html = markdown::render(text).to_lowercase();
    assert!(!html.contains("<script"), "{html}");
    let squeezed: String = html.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    assert!(!squeezed.contains("=\"javascript:"), "{html}");
    assert!(!html.contains(" onerror="), "{html}");
    let _ = markdown::inspect(text);
});
