//! The map: a marker for Leeds and each city, placed from the content's coordinates, each a
//! link to its city, with a key, a text alternative, and a small asset.

mod common;

use common::{get, repo_path};
use international_leeds::content;
use international_leeds::map::{LEEDS, project};

/// Each marker on a page: (href, class, true x, true y).
fn markers(html: &str) -> Vec<(String, String, f64, f64)> {
    html.split("<a href=\"")
        .skip(1)
        .filter(|rest| rest.contains("tabindex=\"-1\" class=\"marker-"))
        .map(|rest| {
            let attr = |name: &str| {
                let start = rest.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
                rest[start..start + rest[start..].find('"').expect("quote")].to_string()
            };
            let href = rest[..rest.find('"').expect("quote")].to_string();
            let number = |name: &str| attr(name).parse::<f64>().expect("a number");
            (href, attr("class"), number("data-x"), number("data-y"))
        })
        .collect()
}

#[tokio::test]
async fn home_and_partnerships_maps_place_every_city_from_its_coordinates() {
    let site = content::load(&repo_path("content")).expect("valid");
    for page in ["/", "/partnerships/"] {
        let html = get(page).await.body;
        let found = markers(&html);
        assert_eq!(found.len(), 1 + site.cities.len(), "{page}");
        let (leeds_x, leeds_y) = project(LEEDS.0, LEEDS.1);
        assert!(
            found.contains(&("/".into(), "marker-leeds".into(), leeds_x, leeds_y)),
            "{page}"
        );
        for city in &site.cities {
            let (x, y) = project(city.latitude, city.longitude);
            let href = if city.has_page() {
                city.url()
            } else {
                format!("/partnerships/#{}", city.slug)
            };
            let class = if city.has_page() {
                "marker-partner"
            } else {
                "marker-friendship"
            };
            assert!(
                found.contains(&(href.clone(), class.into(), x, y)),
                "{page}: no {class} for {} at ({x}, {y}) linking to {href}",
                city.title
            );
            // A friendship link lands on its entry in the list.
            if !city.has_page() {
                assert!(
                    get("/partnerships/")
                        .await
                        .body
                        .contains(&format!("id=\"{}\"", city.slug))
                );
            }
        }
        // The caption promises only what the list gives: friendship cities have no page.
        assert!(html.contains(
            "Every city on the map is listed below; each partner city links to its page."
        ));
        for key in [
            "</svg> Leeds</span>",
            "</svg> Partner city</span>",
            "</svg> Friendship city</span>",
        ] {
            assert!(html.contains(key), "{page} lacks the key {key}");
        }
    }
}

#[tokio::test]
async fn crowded_markers_are_nudged_apart_with_a_line_back_to_their_place() {
    let html = get("/partnerships/").await.body;
    // Dortmund and Siegen are 70 km apart: too close to tell apart at this scale.
    assert!(html.contains("class=\"map-leader\""), "no marker was moved");
    let drawn: Vec<(f64, f64)> = html
        .split("<g transform=\"translate(")
        .skip(1)
        .map(|rest| {
            let inside = &rest[..rest.find(')').expect("closing bracket")];
            let (x, y) = inside.split_once(' ').expect("two numbers");
            (x.parse().expect("x"), y.parse().expect("y"))
        })
        .collect();
    for (i, a) in drawn.iter().enumerate() {
        for b in &drawn[i + 1..] {
            let gap = (a.0 - b.0).hypot(a.1 - b.1);
            assert!(gap >= 14.5, "two markers overlap: {a:?} and {b:?}");
        }
    }
}

#[tokio::test]
async fn each_city_page_has_a_locator_map_with_leeds() {
    let html = get("/partnerships/durban/").await.body;
    let found = markers(&html);
    let (x, y) = project(-29.88, 31.05);
    assert_eq!(found.len(), 2);
    assert!(found.contains(&(
        "/partnerships/durban/".into(),
        "marker-partner".into(),
        x,
        y
    )));
    assert!(html.contains("Where Durban is, and Leeds (the star)."));
}

#[tokio::test]
async fn the_map_adds_little_on_the_wire() {
    let home = get("/").await.body;
    let start = home.find("/static/world.").expect("the map image");
    let url = &home[start..start + home[start..].find('"').expect("quote")];
    let snapshot = common::snapshot();
    let resource = snapshot.file(url).expect("served");
    let (_, brotli) = resource.body.choose("br");
    let (_, gzip) = resource.body.choose("gzip");
    assert!(
        brotli.len() < 60_000 && gzip.len() < 60_000,
        "{} / {} bytes",
        brotli.len(),
        gzip.len()
    );
    assert!(
        home.contains("<img src=\"/static/world.") && home.contains("alt=\"\""),
        "decorative: the list carries the meaning"
    );
}
