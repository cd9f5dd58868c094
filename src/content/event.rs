//! Events: what is on, when and where. Their times are Leeds time (Europe/London); an event
//! is upcoming until it ends, then past, and the site moves it on its own.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};

use super::{Body, Meta, Version, dates};
use crate::routes::Collection;
use crate::words::Words;

/// One event from `events/`.
#[derive(Debug, Clone)]
pub struct Event {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub when: When,
    /// Where its file gives its start, for what `check` says about its dates.
    pub start_at: super::Location,
    /// Where it takes place, for an event in person.
    pub place: Option<Place>,
    /// Where to join it, for an event online.
    pub online_url: Option<String>,
    pub booking_url: Option<String>,
    /// Slugs of the cities it is about; each one exists.
    pub cities: Vec<String>,
    /// Slugs of the priorities it serves; each one exists.
    pub priorities: Vec<String>,
    /// Step-free access, a hearing loop…
    pub accessibility: Option<String>,
    pub body: Body,
    pub meta: Meta,
    /// The original, or a translation.
    pub version: Version,
}

/// A place: its name, and its address where the editor gave one apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub name: String,
    pub address: Option<String>,
}

impl Place {
    /// What the place is called: its name, or the first part of its one line ("Civic Hall"
    /// of "Civic Hall, Portland Crescent, Leeds LS1 1UR").
    pub fn short_name(&self) -> &str {
        match &self.address {
            Some(_) => &self.name,
            None => self.name.split(',').next().unwrap_or(&self.name).trim(),
        }
    }

    /// The place as one line: its name and its address.
    pub fn line(&self) -> String {
        match &self.address {
            Some(address) => format!("{}, {address}", self.name),
            None => self.name.clone(),
        }
    }
}

/// When an event takes place, in Leeds time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// From one moment to another.
    Timed { start: DateTime, end: DateTime },
    /// Whole days, `first` to `last` (the same day for a one-day event).
    AllDay { first: Date, last: Date },
}

impl When {
    /// The moment it begins.
    pub fn starts_at(&self) -> Timestamp {
        match *self {
            When::Timed { start, .. } => leeds_moment(start),
            When::AllDay { first, .. } => leeds_moment(first.to_datetime(Time::midnight())),
        }
    }

    /// The moment it ends: for whole days, midnight after the last.
    pub fn ends_at(&self) -> Timestamp {
        match *self {
            When::Timed { end, .. } => leeds_moment(end),
            When::AllDay { last, .. } => {
                let after = last.tomorrow().unwrap_or(last);
                leeds_moment(after.to_datetime(Time::midnight()))
            }
        }
    }

    /// The day it begins, in Leeds.
    pub fn first_day(&self) -> Date {
        match *self {
            When::Timed { start, .. } => start.date(),
            When::AllDay { first, .. } => first,
        }
    }

    /// The day it ends, in Leeds.
    pub fn last_day(&self) -> Date {
        match *self {
            When::Timed { end, .. } => end.date(),
            When::AllDay { last, .. } => last,
        }
    }

    /// Said the British way in English ("Sunday 14 March 2027, 6pm to 8pm"), and with the
    /// language's dates and a 24-hour clock in another.
    pub fn describe(&self, words: &Words, english: bool) -> String {
        let day = |date: Date| {
            if english {
                date.strftime("%A %-d %B %Y").to_string()
            } else {
                words.long_date(date)
            }
        };
        let time = |time: Time| {
            if english {
                british_time(time)
            } else {
                time.strftime("%H:%M").to_string()
            }
        };
        let range = |from: String, to: String| {
            words
                .event_time
                .replace("{start}", &from)
                .replace("{end}", &to)
        };
        match *self {
            When::AllDay { first, last } if first == last => day(first),
            When::AllDay { first, last } => range(day(first), day(last)),
            When::Timed { start, end } if ends_that_night(start, end) => format!(
                "{}, {}",
                day(start.date()),
                range(time(start.time()), time(end.time()))
            ),
            When::Timed { start, end } => range(
                format!("{}, {}", day(start.date()), time(start.time())),
                format!("{}, {}", day(end.date()), time(end.time())),
            ),
        }
    }

    /// The start as HTML's `<time datetime>` and schema.org read it: a date, or a local
    /// time with its offset from UTC (`2027-03-14T18:00:00+00:00`).
    pub fn start_attribute(&self) -> String {
        match *self {
            When::Timed { start, .. } => with_offset(start),
            When::AllDay { first, .. } => first.to_string(),
        }
    }

    /// The end, as [`When::start_attribute`] writes it.
    pub fn end_attribute(&self) -> String {
        match *self {
            When::Timed { end, .. } => with_offset(end),
            When::AllDay { last, .. } => last.to_string(),
        }
    }
}

/// Whether an event ends on the day it starts, or at the midnight that ends that day.
fn ends_that_night(start: DateTime, end: DateTime) -> bool {
    end.date() == start.date()
        || (end.time() == Time::midnight() && start.date().tomorrow().ok() == Some(end.date()))
}

/// The moment a Leeds time names; an hour that the clocks skip is read as the hour after.
pub fn leeds_moment(time: DateTime) -> Timestamp {
    dates::uk()
        .to_ambiguous_timestamp(time)
        .compatible()
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

/// A Leeds time with its offset from UTC: `2027-07-14T18:00:00+01:00`.
fn with_offset(time: DateTime) -> String {
    let offset = dates::uk().to_offset(leeds_moment(time)).seconds();
    let sign = if offset < 0 { '-' } else { '+' };
    let minutes = offset.unsigned_abs() / 60;
    format!(
        "{}{sign}{:02}:{:02}",
        time.strftime("%Y-%m-%dT%H:%M:%S"),
        minutes / 60,
        minutes % 60
    )
}

/// A time of day as GOV.UK writes it: `6pm`, `6:30pm`, `midday`, `midnight`.
pub fn british_time(time: Time) -> String {
    let (hour, minute) = (time.hour(), time.minute());
    match (hour, minute) {
        (0, 0) => "midnight".to_string(),
        (12, 0) => "midday".to_string(),
        _ => {
            let suffix = if hour < 12 { "am" } else { "pm" };
            let hour = match hour % 12 {
                0 => 12,
                h => h,
            };
            if minute == 0 {
                format!("{hour}{suffix}")
            } else {
                format!("{hour}:{minute:02}{suffix}")
            }
        }
    }
}

impl Event {
    pub fn url(&self) -> String {
        format!(
            "{}{}",
            self.version.prefix,
            Collection::Events.address(&self.slug)
        )
    }

    /// Its calendar file, for "Add to calendar".
    pub fn calendar_url(&self) -> String {
        crate::routes::event_calendar(&self.slug)
    }

    /// Whether it has ended at `now`.
    pub fn has_ended(&self, now: Timestamp) -> bool {
        self.when.ends_at() <= now
    }

    /// Whether it takes place online only: it has somewhere to join, and no place.
    pub fn is_online_only(&self) -> bool {
        self.place.is_none() && self.online_url.is_some()
    }

    /// When it is, in the words of `words`.
    pub fn describe_when(&self, words: &Words, english: bool) -> String {
        self.when.describe(words, english)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, datetime, time};

    #[test]
    fn times_are_written_the_british_way() {
        assert_eq!(british_time(time(18, 0, 0, 0)), "6pm");
        assert_eq!(british_time(time(9, 30, 0, 0)), "9:30am");
        assert_eq!(british_time(time(12, 0, 0, 0)), "midday");
        assert_eq!(british_time(time(0, 0, 0, 0)), "midnight");
        assert_eq!(british_time(time(12, 15, 0, 0)), "12:15pm");
        assert_eq!(british_time(time(0, 5, 0, 0)), "12:05am");
    }

    #[test]
    fn an_evening_an_afternoon_across_days_and_whole_days() {
        let words = &Words::english();
        let evening = When::Timed {
            start: datetime(2027, 3, 14, 18, 0, 0, 0),
            end: datetime(2027, 3, 14, 20, 0, 0, 0),
        };
        assert_eq!(
            evening.describe(words, true),
            "Sunday 14 March 2027, 6pm to 8pm"
        );
        let across = When::Timed {
            start: datetime(2027, 3, 13, 10, 0, 0, 0),
            end: datetime(2027, 3, 14, 16, 30, 0, 0),
        };
        assert_eq!(
            across.describe(words, true),
            "Saturday 13 March 2027, 10am to Sunday 14 March 2027, 4:30pm"
        );
        let day = When::AllDay {
            first: date(2027, 7, 3),
            last: date(2027, 7, 3),
        };
        assert_eq!(day.describe(words, true), "Saturday 3 July 2027");
        let late = When::Timed {
            start: datetime(2027, 3, 14, 22, 0, 0, 0),
            end: datetime(2027, 3, 15, 0, 0, 0, 0),
        };
        assert_eq!(
            late.describe(words, true),
            "Sunday 14 March 2027, 10pm to midnight"
        );
    }

    #[test]
    fn leeds_time_knows_summer_time() {
        let winter = When::Timed {
            start: datetime(2027, 1, 14, 18, 0, 0, 0),
            end: datetime(2027, 1, 14, 20, 0, 0, 0),
        };
        assert_eq!(winter.starts_at().to_string(), "2027-01-14T18:00:00Z");
        assert_eq!(winter.start_attribute(), "2027-01-14T18:00:00+00:00");
        let summer = When::Timed {
            start: datetime(2027, 7, 14, 18, 0, 0, 0),
            end: datetime(2027, 7, 14, 20, 0, 0, 0),
        };
        assert_eq!(summer.starts_at().to_string(), "2027-07-14T17:00:00Z");
        assert_eq!(summer.end_attribute(), "2027-07-14T20:00:00+01:00");
        let day = When::AllDay {
            first: date(2027, 7, 3),
            last: date(2027, 7, 4),
        };
        assert_eq!(day.ends_at().to_string(), "2027-07-04T23:00:00Z");
    }
}
