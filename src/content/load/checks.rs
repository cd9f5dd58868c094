//! The checks across files, once every file is read: each address claimed once, every city's
//! priorities known, each priority in its own place in the list, and each city in one file.

use std::collections::HashMap;

use super::{Loader, Location, invalid};
use crate::content::{City, ContentError, Priority, Problem};
use crate::routes::Collection;
use crate::suggest;

impl Loader {
    pub(super) fn check_priority_references(&mut self, priorities: &[Priority]) {
        let known: Vec<&str> = priorities.iter().map(|p| p.slug.as_str()).collect();
        let references = std::mem::take(&mut self.priority_refs);
        self.check_references(references, &known, Collection::Priorities, |slug, known| {
            Problem::UnknownPriority { slug, known }
        });
    }

    pub(super) fn check_city_references(&mut self, cities: &[City]) {
        let known: Vec<&str> = cities.iter().map(|c| c.slug.as_str()).collect();
        let references = std::mem::take(&mut self.city_refs);
        self.check_references(
            references,
            &known,
            Collection::Partnerships,
            |slug, known| Problem::UnknownCity { slug, known },
        );
    }

    /// Reports each of `references` to a page of `collection` that is not one of `known`
    /// (nor a file that failed to load, already reported), listing those that are, the
    /// nearest first named.
    fn check_references(
        &mut self,
        references: Vec<(String, Location)>,
        known: &[&str],
        collection: Collection,
        problem: fn(String, String) -> Problem,
    ) {
        for (slug, location) in references {
            let unloaded = collection.address(&slug);
            if !known.contains(&slug.as_str()) && !self.unloaded.contains(&unloaded) {
                let known = match suggest::closest(&slug, known.iter().copied()) {
                    Some(near) => format!("{} (did you mean `{near}`?)", known.join(", ")),
                    None => known.join(", "),
                };
                self.push(location, problem(slug, known));
            }
        }
    }

    /// Reports every address claimed twice, at the later file, naming the earlier one. When
    /// one of the two is an old address (an alias), the fix is to the alias, not the page.
    pub(super) fn check_urls(&mut self) {
        let mut first = HashMap::new();
        let mut duplicates = Vec::new();
        for (url, location, alias) in &self.urls {
            if let Some((other, other_alias)) = first.insert(url, (location, *alias)) {
                // Keep the earlier as first.
                first.insert(url, (other, other_alias));
                let (url, other) = (url.clone(), other.path.display().to_string());
                let problem = match (alias, other_alias) {
                    (true, _) => Problem::AliasTaken { url, other },
                    (false, true) => Problem::TakenByAlias { url, other },
                    (false, false) => Problem::DuplicateUrl { url, other },
                };
                duplicates.push(ContentError::new(location.clone(), problem));
            }
        }
        self.errors.extend(duplicates);
    }
}

/// Two cities closer than this are one city in two files.
const SAME_PLACE_KM: f64 = 5.0;

/// A city's name and coordinates, and where its file gives them.
pub(super) struct Place {
    pub title: String,
    pub latitude: f64,
    pub longitude: f64,
    pub location: Location,
}

impl Loader {
    /// Reports a priority given the same `order` as an earlier one.
    pub(super) fn check_orders(&mut self) {
        let mut first: HashMap<u32, Location> = HashMap::new();
        for (order, location) in std::mem::take(&mut self.orders) {
            match first.get(&order) {
                Some(other) => {
                    let reason = format!(
                        "{order} is also the order of {}; give each priority its own place in the list",
                        other.path.display()
                    );
                    self.push(location, invalid("order", &reason));
                }
                None => {
                    first.insert(order, location);
                }
            }
        }
    }

    /// Reports a city whose name, or place, is an earlier file's: one city in two files.
    /// Cities are compared with those in nearby cells of a grid of a tenth of a degree
    /// (three cells either way in longitude, whose degrees shrink away from the equator), so
    /// that a site of thousands of cities is not compared pair by pair.
    pub(super) fn check_places(&mut self) {
        let places = std::mem::take(&mut self.places);
        let mut names: HashMap<String, usize> = HashMap::new();
        let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        let cell = |p: &Place| {
            (
                (p.latitude * 10.0).floor() as i64,
                (p.longitude * 10.0).floor() as i64,
            )
        };
        for (i, place) in places.iter().enumerate() {
            let (row, column) = cell(place);
            let near = (row - 1..=row + 1)
                .flat_map(|r| (column - 3..=column + 3).map(move |c| (r, c)))
                .filter_map(|key| grid.get(&key))
                .flatten()
                .find(|&&j| kilometres(&places[j], place) < SAME_PLACE_KM);
            let earlier = names.get(&place.title.to_lowercase()).or(near);
            if let Some(&j) = earlier {
                let reason = format!(
                    "{} is already in {}; a city has one file (delete one, or correct its name and coordinates)",
                    place.title,
                    places[j].location.path.display()
                );
                self.push(place.location.clone(), invalid("title", &reason));
            }
            names.entry(place.title.to_lowercase()).or_insert(i);
            grid.entry((row, column)).or_default().push(i);
        }
    }
}

/// The distance between two places on the Earth, in kilometres (haversine).
fn kilometres(a: &Place, b: &Place) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0;
    let (lat1, lat2) = (a.latitude.to_radians(), b.latitude.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.longitude - a.longitude).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().asin()
}
