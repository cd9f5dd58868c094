//! Where each country is: boxes around its land, from Natural Earth (`countries.tsv`, made
//! by `tools/map/build-countries.mjs`), to catch a city's coordinates that fall outside its
//! country, such as latitude and longitude swapped.

use std::collections::HashMap;
use std::sync::LazyLock;

/// The box around a country's land, in degrees; `west > east` when it crosses the
/// antimeridian.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

/// How far outside its box a place may be and still count as in the country: the data's
/// coastlines are simplified.
const MARGIN: f64 = 0.5;

impl Bounds {
    /// Whether the place at `latitude`, `longitude` lies in the box, give or take the margin.
    pub fn contains(&self, latitude: f64, longitude: f64) -> bool {
        let in_latitude = (self.south - MARGIN..=self.north + MARGIN).contains(&latitude);
        let (west, east) = (self.west - MARGIN, self.east + MARGIN);
        let in_longitude = if west <= east {
            (west..=east).contains(&longitude)
        } else {
            longitude >= west || longitude <= east
        };
        in_latitude && in_longitude
    }
}

/// Names that people write for countries the data names otherwise.
const OTHER_NAMES: [(&str, &str); 17] = [
    ("usa", "united states of america"),
    ("us", "united states of america"),
    ("united states", "united states of america"),
    ("uk", "united kingdom"),
    ("great britain", "united kingdom"),
    ("britain", "united kingdom"),
    ("england", "united kingdom"),
    ("scotland", "united kingdom"),
    ("wales", "united kingdom"),
    ("northern ireland", "united kingdom"),
    ("czech republic", "czechia"),
    ("republic ireland", "ireland"),
    ("north macedonia", "macedonia"),
    ("ivory coast", "cote d'ivoire"),
    ("holland", "netherlands"),
    ("turkiye", "turkey"),
    ("burma", "myanmar"),
];

static COUNTRIES: LazyLock<HashMap<String, Vec<Bounds>>> = LazyLock::new(|| {
    let mut countries: HashMap<String, Vec<Bounds>> = HashMap::new();
    let boxes = include_str!("countries.tsv")
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let name = fold(fields.next()?);
            let mut number = || fields.next()?.parse::<f64>().ok();
            let (west, south, east, north) = (number()?, number()?, number()?, number()?);
            Some((
                name,
                Bounds {
                    west,
                    south,
                    east,
                    north,
                },
            ))
        });
    for (name, bounds) in boxes {
        countries.entry(name).or_default().push(bounds);
    }
    countries
});

/// The boxes around the land of `country`, as an editor names it; `None` for a name the data
/// does not know.
pub fn bounds(country: &str) -> Option<&'static [Bounds]> {
    let name = fold(country);
    let name = OTHER_NAMES
        .iter()
        .find(|(other, _)| fold(other) == name)
        .map_or(name, |(_, known)| fold(known));
    COUNTRIES.get(&name).map(Vec::as_slice)
}

/// Whether the place at `latitude`, `longitude` is in `country`; `None` for a country the
/// data does not know.
pub fn contains(country: &str, latitude: f64, longitude: f64) -> Option<bool> {
    let boxes = bounds(country)?;
    Some(boxes.iter().any(|b| b.contains(latitude, longitude)))
}

/// A country's name as compared: lowercase, without accents, abbreviations spelt out, and
/// without "the", "of" and punctuation ("Dem. Rep. Congo" and "Democratic Republic of the
/// Congo" fold alike).
fn fold(name: &str) -> String {
    let plain = crate::search::fold(name)
        .replace('&', " and ")
        .replace("st-", "st. ");
    plain
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|word| !matches!(*word, "" | "the" | "of"))
        .map(|word| match word {
            "is." => "islands",
            "rep." => "republic",
            "dem." => "democratic",
            "st." => "saint",
            "eq." => "equatorial",
            "herz." => "herzegovina",
            "n." => "northern",
            "s." => "south",
            "w." => "western",
            "fr." => "french",
            "br." => "british",
            word => word,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_are_found_by_the_names_people_write() {
        for name in [
            "France",
            "USA",
            "Czech Republic",
            "Democratic Republic of the Congo",
            "Bosnia & Herzegovina",
            "Côte d'Ivoire",
            "Saint Kitts and Nevis",
            "the Gambia",
            "United Kingdom",
        ] {
            assert!(bounds(name).is_some(), "{name}");
        }
        assert_eq!(bounds("Atlantis"), None);
    }

    #[test]
    fn the_bundled_cities_are_in_their_countries_and_swapped_coordinates_are_not() {
        let cities = [
            ("France", 50.63, 3.06),
            ("USA", 38.25, -85.76),
            ("Jamaica", 18.37, -76.9),
            ("China", 30.27, 120.16),
            ("Sri Lanka", 6.93, 79.85),
        ];
        for (country, latitude, longitude) in cities {
            assert_eq!(
                contains(country, latitude, longitude),
                Some(true),
                "{country}"
            );
            assert_eq!(
                contains(country, longitude, latitude),
                Some(false),
                "{country} swapped"
            );
        }
        assert_eq!(contains("France", -21.1, 55.5), Some(true), "Réunion");
        assert_eq!(contains("USA", 38.25, 85.76), Some(false), "east, not west");
    }

    #[test]
    fn a_box_across_the_antimeridian_wraps() {
        assert!(bounds("Russia").is_some_and(|boxes| boxes.iter().any(|b| b.west > b.east)));
        assert_eq!(contains("Russia", 64.7, 177.5), Some(true), "Anadyr");
        assert_eq!(contains("Russia", 55.75, 37.62), Some(true), "Moscow");
        assert_eq!(contains("Russia", 55.75, -100.0), Some(false));
    }
}
