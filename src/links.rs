//! Checks every internal link in the content against the rendered site: the page must exist
//! and be public, and a `#fragment` must name an element on it.

use bytes::Bytes;
use std::collections::{HashMap, HashSet};

use crate::content::{ContentError, ContentLink, Problem, Site};
use crate::suggest;

/// The broken links among `site.links`; `all` is the site with its drafts, to explain why a
/// link to one of them is broken.
pub fn check(
    all: &Site,
    site: &Site,
    pages: &HashMap<String, Bytes>,
    redirects: &HashMap<String, String>,
) -> Vec<ContentError> {
    let public: HashSet<String> = site.urls().into_iter().collect();
    let hidden: HashSet<String> = all
        .urls()
        .into_iter()
        .filter(|u| !public.contains(u))
        .collect();
    let mut ids: HashMap<&str, HashSet<&str>> = HashMap::new();
    site.links
        .iter()
        .filter_map(|link| broken(link, all, &public, &hidden, pages, redirects, &mut ids))
        .collect()
}

fn broken<'a>(
    link: &ContentLink,
    all: &Site,
    public: &HashSet<String>,
    hidden: &HashSet<String>,
    pages: &'a HashMap<String, Bytes>,
    redirects: &HashMap<String, String>,
    ids: &mut HashMap<&'a str, HashSet<&'a str>>,
) -> Option<ContentError> {
    let (path, fragment) = match link.dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (link.dest.as_str(), None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let path = if path.is_empty() {
        link.from.as_str()
    } else {
        path
    };
    let target = redirects.get(path).map_or(path, String::as_str);
    let reason = if let Some((url, html)) = pages.get_key_value(target) {
        let fragment = fragment.filter(|f| !f.is_empty())?;
        let on_page = ids.entry(url.as_str()).or_insert_with(|| element_ids(html));
        if on_page.contains(fragment) {
            return None;
        }
        format!("{target} has no element with id `{fragment}`; use the id of one of its headings")
    } else if all.unloaded.iter().any(|url| url == path) {
        return None;
    } else if hidden.contains(path) {
        format!("{path} is a draft or not published yet; publish it first, or remove the link")
    } else if public.contains(&format!("{path}/")) {
        format!("addresses end with a slash: write {path}/")
    } else {
        match suggest::closest(path, public.iter().map(String::as_str)) {
            Some(near) => format!("there is no page at {path}; did you mean {near}?"),
            None => format!("there is no page at {path}"),
        }
    };
    Some(ContentError::new(
        link.location.clone(),
        Problem::BrokenLink {
            dest: link.dest.clone(),
            reason,
        },
    ))
}

/// The values of every `id` attribute in a page.
fn element_ids(html: &[u8]) -> HashSet<&str> {
    let html = std::str::from_utf8(html).unwrap_or_default();
    html.split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}
