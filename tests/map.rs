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

/// The numbers of an attribute's first appearance after `from`.
fn numbers_after(html: &str, from: &str, attribute: &str) -> Vec<f64> {
    let rest = &html[html.find(from).expect(from)..];
    let start = rest.find(attribute).expect(attribute) + attribute.len();
    rest[start..start + rest[start..].find(['"', ')']).expect("end")]
        .split(' ')
        .map(|n| n.parse().expect("a number"))
        .collect()
}

#[tokio::test]
async fn each_city_page_frames_leeds_and_the_city_clearly_apart() {
    let site = content::load(&repo_path("content")).expect("valid");
    let cities: Vec<_> = site.cities.iter().filter(|c| c.has_page()).collect();
    assert!(!cities.is_empty());
    for city in cities {
        let html = get(&city.url()).await.body;
        let found = markers(&html);
        let (x, y) = project(city.latitude, city.longitude);
        assert_eq!(found.len(), 2, "{}", city.title);
        assert!(found.contains(&(city.url(), "marker-partner".into(), x, y)));
        assert!(html.contains(&format!("Where {} is, and Leeds (the star).", city.title)));
        // The view: a part of the world, not the whole, unless the city is far away.
        let view = numbers_after(&html, "class=\"map-view\"", "viewBox=\"");
        let (left, top, width, height) = (view[0], view[1], view[2], view[3]);
        let leeds = numbers_after(&html, "class=\"marker-leeds\"", "translate(");
        let drawn = numbers_after(&html, "class=\"marker-partner\"", "translate(");
        for (what, at) in [("Leeds", &leeds), (city.title.as_str(), &drawn)] {
            assert!(
                at[0] > left && at[0] < left + width && at[1] > top && at[1] < top + height,
                "{}: {what} at {at:?} is outside {view:?}",
                city.title
            );
        }
        // A tenth of the map's width: 24 px on a map 240 px wide, narrower than on any phone.
        let gap = (leeds[0] - drawn[0]).hypot(leeds[1] - drawn[1]);
        assert!(
            gap >= width / 10.0,
            "{}: the markers are {gap} apart in a view {width} wide",
            city.title
        );
        assert!(height <= 394.0 && width <= 1000.0);
    }
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
        home.contains("<image href=\"/static/world.")
            && home.contains("class=\"map-view\" viewBox=\"0 0 1000 394\""),
        "decorative: the list carries the meaning"
    );
}
