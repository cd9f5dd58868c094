//! Dates and moments from TOML front matter, as typed values. Times without an offset are
//! read as UK time (Europe/London), as editors would mean them.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use toml::value::{Datetime, Offset as TomlOffset};

/// A moment, from `2026-12-01`, `2026-12-01T09:00:00` or `2026-12-01T09:00:00+01:00`.
pub fn moment(value: &Datetime) -> Result<Timestamp, String> {
    let date = date_part(value)?;
    let time = value.time.unwrap_or(toml::value::Time {
        hour: 0,
        minute: 0,
        second: None,
        nanosecond: None,
    });
    let datetime = DateTime::new(
        date.year(),
        date.month(),
        date.day(),
        i8::try_from(time.hour).unwrap_or(i8::MAX),
        i8::try_from(time.minute).unwrap_or(i8::MAX),
        i8::try_from(time.second.unwrap_or(0)).unwrap_or(i8::MAX),
        0,
    )
    .map_err(|e| format!("`{value}` is not a real time ({e})"))?;
    let zone = match value.offset {
        Some(TomlOffset::Z) => TimeZone::UTC,
        Some(TomlOffset::Custom { minutes }) => {
            let offset = Offset::from_seconds(i32::from(minutes) * 60)
                .map_err(|e| format!("`{value}` has an impossible offset ({e})"))?;
            TimeZone::fixed(offset)
        }
        None => uk(),
    };
    zone.to_timestamp(datetime)
        .map_err(|e| format!("`{value}` is not a real time ({e})"))
}

/// When an event starts or ends: a whole day, or a time in Leeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventTime {
    Day(Date),
    At(DateTime),
}

/// An event's start or end: `2027-03-14` for the whole day, `2027-03-14T18:00:00` in Leeds
/// time; a time with an offset (`…T18:00:00+01:00`, `…Z`) is turned into Leeds time.
pub fn event_time(value: &Datetime) -> Result<EventTime, String> {
    let date = date_part(value)?;
    if value.time.is_none() {
        return Ok(EventTime::Day(date));
    }
    let moment = moment(value)?;
    let leeds = uk().to_datetime(moment);
    let written = leeds_time_of(value, date);
    if value.offset.is_none() && written.is_some_and(|written| written != leeds) {
        return Err(format!(
            "`{value}` is not a time in Leeds: the clocks go forward an hour then; give the time after the change, such as {}",
            leeds.strftime("%Y-%m-%dT%H:%M:%S")
        ));
    }
    // Times are kept as Leeds times: one of the hour the clocks repeat in October would be
    // read as the first, whatever its offset says.
    if uk().to_ambiguous_timestamp(leeds).is_ambiguous() {
        return Err(format!(
            "`{value}` is in the hour that happens twice in Leeds, when the clocks go back; give a time before 1am or from 2am"
        ));
    }
    Ok(EventTime::At(leeds))
}

/// The local date and time as written, without its offset.
fn leeds_time_of(value: &Datetime, date: Date) -> Option<DateTime> {
    let time = value.time?;
    DateTime::new(
        date.year(),
        date.month(),
        date.day(),
        i8::try_from(time.hour).ok()?,
        i8::try_from(time.minute).ok()?,
        i8::try_from(time.second.unwrap_or(0)).ok()?,
        0,
    )
    .ok()
}

/// A calendar date, from `2026-11-29`.
pub fn date(value: &Datetime) -> Result<Date, String> {
    if value.time.is_some() {
        return Err(format!(
            "`{value}` has a time; give just the date, such as 2026-11-29"
        ));
    }
    date_part(value)
}

fn date_part(value: &Datetime) -> Result<Date, String> {
    let Some(date) = value.date else {
        return Err(format!("`{value}` has no date; write it as 2026-11-29"));
    };
    Date::new(
        i16::try_from(date.year).unwrap_or(i16::MAX),
        i8::try_from(date.month).unwrap_or(i8::MAX),
        i8::try_from(date.day).unwrap_or(i8::MAX),
    )
    .map_err(|_| format!("`{value}` is not a real date"))
}

/// The UK's time zone, or UTC where the system has no time zone database.
pub fn uk() -> TimeZone {
    TimeZone::get("Europe/London").unwrap_or(TimeZone::UTC)
}

/// A date as the site shows it: `29 November 2026`.
pub fn long_date(date: Date) -> String {
    date.strftime("%-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toml_datetime(text: &str) -> Datetime {
        text.parse().expect("a TOML datetime")
    }

    #[test]
    fn moments_with_and_without_offsets() {
        let utc = moment(&toml_datetime("2026-12-01T09:00:00Z")).expect("valid");
        assert_eq!(utc.to_string(), "2026-12-01T09:00:00Z");
        let offset = moment(&toml_datetime("2026-07-01T09:00:00+01:00")).expect("valid");
        assert_eq!(offset.to_string(), "2026-07-01T08:00:00Z");
        let midnight = moment(&toml_datetime("2026-12-01")).expect("valid");
        assert_eq!(
            midnight.to_string(),
            "2026-12-01T00:00:00Z",
            "GMT in winter"
        );
    }

    #[test]
    fn event_times_are_leeds_times() {
        let evening = event_time(&toml_datetime("2027-07-14T18:00:00")).expect("valid");
        assert_eq!(
            evening,
            EventTime::At(jiff::civil::datetime(2027, 7, 14, 18, 0, 0, 0))
        );
        let utc = event_time(&toml_datetime("2027-07-14T17:00:00Z")).expect("valid");
        assert_eq!(utc, evening, "17:00 UTC is 6pm in Leeds in summer");
        let day = event_time(&toml_datetime("2027-07-14")).expect("valid");
        assert_eq!(day, EventTime::Day(jiff::civil::date(2027, 7, 14)));
        let skipped = event_time(&toml_datetime("2027-03-28T01:30:00"));
        assert!(skipped.is_err_and(|e| e.contains("clocks go forward")));
        for twice in ["2099-10-25T01:30:00", "2099-10-25T01:30:00+00:00"] {
            let repeated = event_time(&toml_datetime(twice));
            assert!(
                repeated.is_err_and(|e| e.contains("happens twice")),
                "{twice}"
            );
        }
        assert!(event_time(&toml_datetime("18:00:00")).is_err());
    }

    #[test]
    fn dates_are_dates() {
        let day = date(&toml_datetime("2026-11-29")).expect("valid");
        assert_eq!(long_date(day), "29 November 2026");
        assert!(date(&toml_datetime("2026-11-29T10:00:00")).is_err());
        assert!(date(&toml_datetime("10:00:00")).is_err());
    }
}
