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
    fn dates_are_dates() {
        let day = date(&toml_datetime("2026-11-29")).expect("valid");
        assert_eq!(long_date(day), "29 November 2026");
        assert!(date(&toml_datetime("2026-11-29T10:00:00")).is_err());
        assert!(date(&toml_datetime("10:00:00")).is_err());
    }
}
