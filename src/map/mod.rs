//! The map of Leeds' links: where each city's marker goes, in the same equirectangular
//! projection as `static/world.svg` (made by `tools/map/build-map.mjs`), nudged apart where
//! cities are too close to tell apart, with a line back to the true place.

pub mod countries;

use crate::content::{City, CityKind, Site};

/// The map's box: WIDTH units for 360° of longitude, the same scale for latitude, from
/// LAT_MAX at the top to LAT_MIN at the bottom. These must match tools/map/build-map.mjs.
pub const WIDTH: f64 = 1000.0;
pub const LAT_MAX: f64 = 84.0;
pub const LAT_MIN: f64 = -58.0;
pub const HEIGHT: f64 = 394.0;
const UNITS_PER_DEGREE: f64 = WIDTH / 360.0;

/// Leeds, at the centre of it all.
pub const LEEDS: (f64, f64) = (53.80, -1.54);

/// Markers closer than this (in map units) are pushed apart on the world map.
const MIN_GAP: f64 = 15.0;
/// On a locator map, markers closer than this share of the view's width are pushed apart.
const LOCATOR_GAP: f64 = 0.12;
/// A locator map's shape: width over height.
const LOCATOR_ASPECT: f64 = 4.0 / 3.0;
/// The narrowest locator view, about 43° of longitude: a region such as western Europe, so that
/// a visitor knows where they are looking.
const REGION: f64 = 120.0;
/// The narrowest view for a city next door to Leeds, below which the coastlines (drawn to
/// half a unit) turn to steps.
const NEIGHBOURHOOD: f64 = 30.0;
/// How many times the distance between Leeds and the city a locator view is at least wide:
/// the two markers are at least an eighth of the map apart.
const DISTANCE_TO_VIEW: f64 = 8.0;
/// The width, in CSS pixels, a locator map is drawn for (`.map-small` is 26rem at most):
/// markers keep the size they have on a world map drawn 1000 pixels wide.
const LOCATOR_PIXELS: f64 = 400.0;
/// A marker's reach from its centre at scale 1, so that no marker is cut at the map's edge.
const MARKER_REACH: f64 = 10.0;
const RELAX_ROUNDS: usize = 300;
/// Beyond this many markers the map is too crowded to untangle, and nudging costs grow with
/// the square of the count: markers stay where their places are.
const MAX_SPREAD: usize = 100;

/// What a marker stands for; each has its own shape as well as its own colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerKind {
    Leeds,
    Partner,
    Friendship,
}

/// The part of the map shown, in map units, and how much markers are scaled to keep their
/// size on the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub marker_scale: f64,
}

impl View {
    /// The whole world.
    pub const WORLD: View = View {
        x: 0.0,
        y: 0.0,
        width: WIDTH,
        height: HEIGHT,
        marker_scale: 1.0,
    };

    /// A view around `a` and `b` (in map units) in which both are clearly apart: at least
    /// [`REGION`] wide unless the two are very close, with room around them, inside the map.
    pub fn around(a: (f64, f64), b: (f64, f64)) -> View {
        let (dx, dy) = ((a.0 - b.0).abs(), (a.1 - b.1).abs());
        let least = (dx.hypot(dy) * DISTANCE_TO_VIEW).clamp(NEIGHBOURHOOD, REGION);
        // The two places stay in the middle two-thirds of the view; a view too wide for the
        // map's height at the usual shape is as tall as the map.
        let width = (dx * 1.5)
            .max(dy * 1.5 * LOCATOR_ASPECT)
            .max(least)
            .min(WIDTH);
        let height = (width / LOCATOR_ASPECT).min(HEIGHT);
        let middle = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
        View {
            x: round((middle.0 - width / 2.0).clamp(0.0, WIDTH - width)),
            y: round((middle.1 - height / 2.0).clamp(0.0, HEIGHT - height)),
            width: round(width),
            height: round(height),
            marker_scale: width / LOCATOR_PIXELS,
        }
    }

    /// The SVG `viewBox` of the view.
    pub fn view_box(&self) -> String {
        format!("{} {} {} {}", self.x, self.y, self.width, self.height)
    }

    /// The SVG transform that draws `marker` where it is drawn.
    pub fn drawn(&self, marker: &Marker) -> String {
        self.transform(marker.x, marker.y)
    }

    /// The SVG transform that draws a dot at `marker`'s true place.
    pub fn place(&self, marker: &Marker) -> String {
        self.transform(marker.true_x, marker.true_y)
    }

    /// The width of a line drawn as wide as a line 1 unit wide on the world map.
    pub fn line_width(&self) -> String {
        thousandths(self.marker_scale).to_string()
    }

    fn transform(&self, x: f64, y: f64) -> String {
        if self.marker_scale == 1.0 {
            format!("translate({x} {y})")
        } else {
            format!(
                "translate({x} {y}) scale({})",
                thousandths(self.marker_scale)
            )
        }
    }

    /// Keeps a point inside the view, far enough from its edges for a marker.
    fn hold(&self, (x, y): (f64, f64)) -> (f64, f64) {
        let margin = MARKER_REACH * self.marker_scale;
        let inside = |v: f64, start: f64, length: f64| {
            v.clamp(
                start + margin,
                (start + length - margin).max(start + margin),
            )
        };
        (
            inside(x, self.x, self.width),
            inside(y, self.y, self.height),
        )
    }
}

/// One marker on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub kind: MarkerKind,
    pub label: String,
    /// The language of the label, where it is a local name.
    pub lang: Option<String>,
    pub href: String,
    /// Where the place is, in map units.
    pub true_x: f64,
    pub true_y: f64,
    /// Where the marker is drawn; differs from the place when nudged apart from a neighbour.
    pub x: f64,
    pub y: f64,
}

impl Marker {
    /// Whether the marker was moved far enough to need a line back to its place.
    pub fn displaced(&self) -> bool {
        (self.x - self.true_x).hypot(self.y - self.true_y) > 2.0
    }

    /// CSS class for the marker's kind.
    pub fn class(&self) -> &'static str {
        match self.kind {
            MarkerKind::Leeds => "marker-leeds",
            MarkerKind::Partner => "marker-partner",
            MarkerKind::Friendship => "marker-friendship",
        }
    }
}

/// A place's position on the map.
pub fn project(latitude: f64, longitude: f64) -> (f64, f64) {
    let x = (longitude + 180.0) * UNITS_PER_DEGREE;
    let y = (LAT_MAX - latitude) * UNITS_PER_DEGREE;
    (round(x), round(y))
}

fn round(n: f64) -> f64 {
    (n * 10.0).round() / 10.0
}

fn thousandths(n: f64) -> f64 {
    (n * 1000.0).round() / 1000.0
}

/// Leeds and every city of `site`, markers nudged apart.
pub fn markers(site: &Site) -> Vec<Marker> {
    let mut markers = vec![leeds(site)];
    markers.extend(site.cities.iter().map(|city| city_marker(site, city)));
    spread(&mut markers, MIN_GAP, &View::WORLD);
    markers
}

/// Leeds and one city, for the city's locator map, and the part of the map that shows both.
pub fn locator(site: &Site, city: &City) -> (View, Vec<Marker>) {
    let mut markers = vec![leeds(site), city_marker(site, city)];
    let view = View::around((markers[0].x, markers[0].y), (markers[1].x, markers[1].y));
    spread(&mut markers, LOCATOR_GAP * view.width, &view);
    (view, markers)
}

/// Leeds, linking to the home page in the language of `site`.
fn leeds(site: &Site) -> Marker {
    let (x, y) = project(LEEDS.0, LEEDS.1);
    Marker {
        kind: MarkerKind::Leeds,
        label: "Leeds".into(),
        lang: None,
        href: site.language.address(crate::routes::HOME),
        true_x: x,
        true_y: y,
        x,
        y,
    }
}

/// `city`, on a map of a page of `site`.
fn city_marker(site: &Site, city: &City) -> Marker {
    let (x, y) = project(city.latitude, city.longitude);
    Marker {
        kind: match city.kind {
            CityKind::Partner => MarkerKind::Partner,
            CityKind::Friendship => MarkerKind::Friendship,
        },
        label: city.title.clone(),
        lang: city.title_lang().map(str::to_string),
        href: crate::routes::city_href_on(city, site),
        true_x: x,
        true_y: y,
        x,
        y,
    }
}

/// Pushes markers apart until no two are closer than `gap`, and keeps them inside `view`.
/// Leeds stays put; the result depends only on the input, so every build draws the same map.
fn spread(markers: &mut [Marker], gap: f64, view: &View) {
    let rounds = if markers.len() <= MAX_SPREAD {
        RELAX_ROUNDS
    } else {
        0
    };
    for _ in 0..rounds {
        let mut moved = false;
        for i in 0..markers.len() {
            for j in i + 1..markers.len() {
                let (dx, dy) = (markers[j].x - markers[i].x, markers[j].y - markers[i].y);
                let distance = dx.hypot(dy);
                if distance >= gap {
                    continue;
                }
                moved = true;
                // Identical places part along a fixed direction.
                let (ux, uy) = if distance < 1e-6 {
                    (0.6, 0.8)
                } else {
                    (dx / distance, dy / distance)
                };
                let push = (gap - distance) / 2.0 + 0.01;
                let (i_fixed, j_fixed) = (
                    markers[i].kind == MarkerKind::Leeds,
                    markers[j].kind == MarkerKind::Leeds,
                );
                let (pi, pj) = match (i_fixed, j_fixed) {
                    (true, _) => (0.0, 2.0 * push),
                    (_, true) => (2.0 * push, 0.0),
                    _ => (push, push),
                };
                markers[i].x -= ux * pi;
                markers[i].y -= uy * pi;
                markers[j].x += ux * pj;
                markers[j].y += uy * pj;
            }
        }
        if !moved {
            break;
        }
    }
    for marker in markers {
        let (x, y) = view.hold((marker.x, marker.y));
        (marker.x, marker.y) = (round(x), round(y));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_corners_and_leeds() {
        assert_eq!(project(LAT_MAX, -180.0), (0.0, 0.0));
        assert_eq!(
            project(LAT_MIN, 180.0),
            (WIDTH, round(142.0 * UNITS_PER_DEGREE))
        );
        assert_eq!(project(0.0, 0.0), (500.0, 233.3));
        assert_eq!(project(LEEDS.0, LEEDS.1), (495.7, 83.9));
    }

    /// Leeds and a city at (`latitude`, `longitude`): the view, and both markers as drawn.
    fn framed(latitude: f64, longitude: f64) -> (View, (f64, f64), (f64, f64)) {
        let leeds = leeds(&Site::default());
        let (x, y) = project(latitude, longitude);
        let city = Marker {
            kind: MarkerKind::Partner,
            true_x: x,
            true_y: y,
            x,
            y,
            ..leeds.clone()
        };
        let mut markers = vec![leeds, city];
        let view = View::around((markers[0].x, markers[0].y), (markers[1].x, markers[1].y));
        spread(&mut markers, LOCATOR_GAP * view.width, &view);
        (
            view,
            (markers[0].x, markers[0].y),
            (markers[1].x, markers[1].y),
        )
    }

    #[test]
    fn a_locator_view_holds_leeds_and_the_city_apart_inside_the_map() {
        // Next door, across the Channel, in Europe, at the ends of the earth, near the edges.
        let places = [
            (53.79, -1.75),
            (50.63, 3.06),
            (51.51, 7.47),
            (-29.88, 31.05),
            (30.27, 120.15),
            (38.26, -85.75),
            (-36.85, 174.76),
            (-54.8, -68.3),
            (78.2, 15.6),
            (21.3, -157.86),
        ];
        for (latitude, longitude) in places {
            let (view, a, b) = framed(latitude, longitude);
            let at = format!("({latitude}, {longitude}) in {view:?}");
            assert!(view.x >= 0.0 && view.y >= 0.0, "{at}");
            assert!(view.x + view.width <= WIDTH + 0.1, "{at}");
            assert!(view.y + view.height <= HEIGHT + 0.1, "{at}");
            let margin = MARKER_REACH * view.marker_scale - 0.1;
            for (x, y) in [a, b] {
                assert!(
                    x >= view.x + margin && x <= view.x + view.width - margin,
                    "{at}"
                );
                assert!(
                    y >= view.y + margin && y <= view.y + view.height - margin,
                    "{at}"
                );
            }
            let gap = (a.0 - b.0).hypot(a.1 - b.1);
            assert!(gap >= view.width / 10.0, "{at}: {gap} apart");
        }
    }

    #[test]
    fn a_nearby_city_gets_a_regional_view_and_the_world_is_not_cropped() {
        let (lille, _, _) = framed(50.63, 3.06);
        assert_eq!(
            (lille.width, lille.height),
            (REGION, REGION / LOCATOR_ASPECT)
        );
        assert_eq!(View::WORLD.view_box(), "0 0 1000 394");
        let (far, _, _) = framed(-36.85, 174.76);
        assert!(far.width > REGION && far.height <= HEIGHT);
    }

    #[test]
    fn close_markers_are_spread_apart_and_leeds_stays() {
        let (x, y) = project(LEEDS.0, LEEDS.1);
        let near = |n: usize| Marker {
            kind: MarkerKind::Partner,
            label: format!("{n}"),
            lang: None,
            href: "/".into(),
            true_x: x + 1.0,
            true_y: y,
            x: x + 1.0,
            y,
        };
        let mut markers = vec![leeds(&Site::default()), near(1), near(2), near(3)];
        spread(&mut markers, MIN_GAP, &View::WORLD);
        assert_eq!((markers[0].x, markers[0].y), (x, y));
        for i in 0..markers.len() {
            for j in i + 1..markers.len() {
                let gap = (markers[i].x - markers[j].x).hypot(markers[i].y - markers[j].y);
                assert!(gap >= MIN_GAP - 0.2, "{i} and {j} are {gap} apart");
            }
        }
        assert!(markers[1].displaced());
    }
}
