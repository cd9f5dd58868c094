//! JSON-LD that describes pages to search engines, built from the typed content with
//! serde_json, never by pasting strings.

use serde_json::{Value, json};

use crate::content::{City, Event, Settings};

use crate::routes::Crumb;

/// Serialises `value` for a `<script type="application/ld+json">` element: every `<`, `>`
/// and `&` is written as a JSON escape (`\u003c`…), so that no text in the content can close
/// the element, or open a comment (`<!--`) that makes the browser read the rest of the page
/// as the script's text. The JSON means the same.
fn script_safe(value: &Value) -> String {
    let json = value.to_string();
    let mut safe = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            c => safe.push(c),
        }
    }
    safe
}

/// The team, as a government organisation.
pub fn organisation(settings: &Settings, base_url: &str) -> String {
    script_safe(&json!({
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": settings.organisation,
        "alternateName": settings.title,
        "url": format!("{base_url}/"),
        "description": settings.intro,
        "parentOrganization": {"@type": "GovernmentOrganization", "name": "Leeds City Council"},
        "sameAs": [settings.news_url, settings.twitter_url()],
    }))
}

/// A partner or friendship city, as a place.
pub fn city(city: &City, base_url: &str) -> String {
    let alternate: Vec<&str> = city
        .local_names
        .iter()
        .map(|l| l.name.as_str())
        .chain(city.former_name.as_deref())
        .filter(|name| *name != city.title)
        .collect();
    script_safe(&json!({
        "@context": "https://schema.org",
        "@type": "City",
        "name": city.title,
        "alternateName": alternate,
        "url": format!("{base_url}{}", city.url()),
        "description": city.summary,
        "containedInPlace": {"@type": "Country", "name": city.country},
        "geo": {"@type": "GeoCoordinates", "latitude": city.latitude, "longitude": city.longitude},
    }))
}

/// An event: when (with its offset from UTC), where (a place, a web address, or both), how
/// to book, and who organises it.
pub fn event(event: &Event, settings: &Settings, base_url: &str) -> String {
    let place = event.place.as_ref().map(|place| {
        json!({
            "@type": "Place",
            "name": place.short_name(),
            "address": place.address.clone().unwrap_or_else(|| place.line()),
        })
    });
    let online = event
        .online_url
        .as_ref()
        .map(|url| json!({"@type": "VirtualLocation", "url": url}));
    let locations: Vec<Value> = place.into_iter().chain(online).collect();
    let mode = match (&event.place, &event.online_url) {
        (Some(_), Some(_)) => "MixedEventAttendanceMode",
        (None, Some(_)) => "OnlineEventAttendanceMode",
        _ => "OfflineEventAttendanceMode",
    };
    let url = format!("{base_url}{}", event.url());
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": url,
        "startDate": event.when.start_attribute(),
        "endDate": event.when.end_attribute(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": format!("https://schema.org/{mode}"),
        "location": if locations.len() == 1 { locations[0].clone() } else { Value::Array(locations) },
        "organizer": {
            "@type": "GovernmentOrganization",
            "name": settings.organisation,
            "url": format!("{base_url}/"),
        },
    });
    if let Some(booking) = &event.booking_url {
        value["offers"] = json!({"@type": "Offer", "url": booking});
    }
    if let Some(image) = &event.meta.image {
        value["image"] = json!(format!("{base_url}{}", image.picture.share));
    }
    script_safe(&value)
}

/// The breadcrumb trail of an inner page.
pub fn breadcrumbs(crumbs: &[Crumb], base_url: &str) -> String {
    let items: Vec<Value> = crumbs
        .iter()
        .enumerate()
        .map(|(i, crumb)| {
            json!({
                "@type": "ListItem",
                "position": i + 1,
                "name": crumb.title,
                "item": format!("{base_url}{}", crumb.href),
            })
        })
        .collect();
    script_safe(&json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": items,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_cannot_close_the_script_element() {
        for title in [
            "</script><script>alert(1)</script>",
            "International Leeds <!--<script>",
            "Tom & Jerry > Leeds",
        ] {
            let crumbs = [Crumb {
                title: title.into(),
                href: "/x/".into(),
            }];
            let json = breadcrumbs(&crumbs, "https://example.org");
            assert!(!json.contains(['<', '>', '&']), "{json}");
            let parsed: Value = serde_json::from_str(&json).expect("still JSON");
            assert_eq!(parsed["itemListElement"][0]["name"], title);
        }
    }
}
