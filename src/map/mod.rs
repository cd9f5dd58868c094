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

/// Markers closer than this (in map units) are pushed apart.
const MIN_GAP: f64 = 15.0;
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

/// Leeds and every city of `site`, markers nudged apart.
pub fn markers(site: &Site) -> Vec<Marker> {
    let mut markers = vec![leeds()];
    markers.extend(site.cities.iter().map(city_marker));
    spread(&mut markers);
    markers
}

/// Leeds and one city, for the city's locator map.
pub fn locator(city: &City) -> Vec<Marker> {
    let mut markers = vec![leeds(), city_marker(city)];
    spread(&mut markers);
    markers
}

fn leeds() -> Marker {
    let (x, y) = project(LEEDS.0, LEEDS.1);
    Marker {
        kind: MarkerKind::Leeds,
        label: "Leeds".into(),
        lang: None,
        href: crate::routes::HOME.into(),
        true_x: x,
        true_y: y,
        x,
        y,
    }
}

fn city_marker(city: &City) -> Marker {
    let (x, y) = project(city.latitude, city.longitude);
    Marker {
        kind: match city.kind {
            CityKind::Partner => MarkerKind::Partner,
            CityKind::Friendship => MarkerKind::Friendship,
        },
        label: city.title.clone(),
        lang: city.title_lang().map(str::to_string),
        href: city.href(),
        true_x: x,
        true_y: y,
        x,
        y,
    }
}

/// Pushes markers apart until no two are closer than [`MIN_GAP`]. Leeds stays put; the
/// result depends only on the input, so every build draws the same map.
fn spread(markers: &mut [Marker]) {
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
                if distance >= MIN_GAP {
                    continue;
                }
                moved = true;
                // Identical places part along a fixed direction.
                let (ux, uy) = if distance < 1e-6 {
                    (0.6, 0.8)
                } else {
                    (dx / distance, dy / distance)
                };
                let push = (MIN_GAP - distance) / 2.0 + 0.01;
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
        marker.x = round(marker.x.clamp(8.0, WIDTH - 8.0));
        marker.y = round(marker.y.clamp(8.0, HEIGHT - 8.0));
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
        let mut markers = vec![leeds(), near(1), near(2), near(3)];
        spread(&mut markers);
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
