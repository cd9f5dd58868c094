//! Heading ids: each heading without an explicit `{#id}` gets one made from its text, unique in
//! the body, in time linear in the number of headings.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::slugify;

/// Gives every heading without an id one, and returns the ids of the headings the sanitised
/// HTML keeps (level two and below: the sanitiser takes level-one headings out).
pub(super) fn add_heading_ids(events: &mut [(Event<'_>, Range<usize>)]) -> Vec<String> {
    // The layout's own ids are taken: a heading "Main" is `main-2`, not a second `main`.
    let layout = crate::routes::LAYOUT_ANCHORS.map(str::to_string);
    let mut used: HashSet<String> = events
        .iter()
        .filter_map(|(event, _)| match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .chain(layout)
        .collect();
    // The last number each base took: a page of 20,000 headings called "a" would otherwise
    // try every number again for each one.
    let mut taken: HashMap<String, usize> = HashMap::new();
    let mut ids = Vec::new();
    for start in 0..events.len() {
        let Event::Start(Tag::Heading { id, level, .. }) = &events[start].0 else {
            continue;
        };
        let level = *level;
        let id = match id {
            Some(id) => id.to_string(),
            None => {
                let id = unique(&heading_text(&events[start + 1..]), &mut used, &mut taken);
                if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[start].0 {
                    *slot = Some(CowStr::from(id.clone()));
                }
                id
            }
        };
        if level != HeadingLevel::H1 {
            ids.push(id);
        }
    }
    ids
}

/// The text of the heading whose events start `events`.
fn heading_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    events
        .iter()
        .take_while(|(event, _)| !matches!(event, Event::End(TagEnd::Heading(_))))
        .filter_map(|(event, _)| match event {
            Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
            _ => None,
        })
        .collect()
}

/// An id made from `text` that is not yet `used`: its slug, or the slug with `-2`, `-3`…
fn unique(text: &str, used: &mut HashSet<String>, taken: &mut HashMap<String, usize>) -> String {
    let base = match slugify(text) {
        slug if slug.is_empty() => "section".to_string(),
        slug => slug,
    };
    if used.insert(base.clone()) {
        return base;
    }
    let n = taken.entry(base.clone()).or_insert(1);
    loop {
        *n += 1;
        let id = format!("{base}-{n}");
        if used.insert(id.clone()) {
            return id;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::render;

    #[test]
    fn duplicates_are_numbered_around_explicit_ids() {
        let rendered = render("## A\n\n## A {#a-2}\n\n## A\n\n## A\n\n# Title\n");
        assert_eq!(rendered.ids, ["a", "a-2", "a-3", "a-4"]);
        assert!(rendered.html.contains("Title"), "{}", rendered.html);
    }

    #[test]
    fn twenty_thousand_identical_headings_get_distinct_ids() {
        let markdown = "## a\n\n".repeat(20_000);
        let rendered = render(&markdown);
        assert_eq!(rendered.ids.len(), 20_000);
        assert_eq!(rendered.ids[19_999], "a-20000");
    }
}
