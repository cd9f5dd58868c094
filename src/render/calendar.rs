//! Calendar files (RFC 5545, iCalendar) of events, written by the `icalendar` crate, which
//! escapes the text and folds the lines. Times are given in UTC, which every calendar turns
//! into its reader's time: a reader's own rules for Leeds' time zone cannot shift them (an
//! older Python `icalendar` reads the zone's definition wrongly past 2037). The calendar
//! names Leeds' zone and carries its definition, for the calendars that show it.

use chrono::{DateTime, NaiveDate, Utc};
use icalendar::{Calendar, Component, Event as CalendarEvent, EventLike};
use jiff::Timestamp;
use jiff::civil::Date;

use super::layout::Context;
use crate::content::{Event, Site, When};

/// Who wrote the calendar, as RFC 5545's `PRODID` names it.
const PRODUCT: &str = "-//Leeds City Council//International Leeds//EN";

/// Leeds' time zone.
const TZID: &str = "Europe/London";

/// Its definition: GMT, and BST from 1am GMT on the last Sunday of March to 1am GMT on the
/// last Sunday of October, as the UK's clocks have changed since 1996. Every calendar has it
/// (the `icalendar` crate cannot write one), so that one with no events still has a
/// component, as RFC 5545 asks.
const TIMEZONE: &str = "BEGIN:VTIMEZONE\r
TZID:Europe/London\r
BEGIN:DAYLIGHT\r
TZOFFSETFROM:+0000\r
TZOFFSETTO:+0100\r
TZNAME:BST\r
DTSTART:19700329T010000\r
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
END:DAYLIGHT\r
BEGIN:STANDARD\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0000\r
TZNAME:GMT\r
DTSTART:19701025T020000\r
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
END:STANDARD\r
END:VTIMEZONE\r
";

/// A calendar of `events`, each as [`event`] writes it, named after the site.
pub fn calendar<'e>(
    events: impl IntoIterator<Item = &'e Event>,
    site: &Site,
    cx: &Context<'_>,
) -> String {
    let (base_url, now) = (cx.base_url, cx.now);
    let mut calendar = Calendar::empty();
    calendar
        .append_property(("VERSION", "2.0"))
        .append_property(("PRODID", PRODUCT))
        .append_property(("CALSCALE", "GREGORIAN"));
    let name = site
        .language
        .words
        .events_calendar_name
        .replace("{site}", &site.settings.title);
    calendar.name(&name);
    calendar.append_property(("METHOD", "PUBLISH"));
    calendar.append_property(("X-WR-TIMEZONE", TZID));
    // Each event's UID is its own on the site's host: the same in every file and replica.
    let host = url::Url::parse(base_url)
        .ok()
        .and_then(|url| url.host_str().map(str::to_string))
        .unwrap_or_else(|| "international-leeds".to_string());
    for each in events {
        calendar.push(event(each, base_url, &host, now));
    }
    with_timezone(&calendar.to_string())
}

/// `text` with the time zone's definition before its first event (or its end): at the start
/// of a line, which no text of an event's can be (a folded line goes on after a space).
fn with_timezone(text: &str) -> String {
    let at = text
        .find("\r\nBEGIN:VEVENT\r\n")
        .or_else(|| text.rfind("\r\nEND:VCALENDAR"))
        .map_or(text.len(), |at| at + 2);
    format!("{}{TIMEZONE}{}", &text[..at], &text[at..])
}

/// One event: a stable `UID` from its address, its times in UTC (whole days as dates), what
/// it is, where, and its page.
fn event(event: &Event, base_url: &str, host: &str, now: Timestamp) -> CalendarEvent {
    let page = format!("{base_url}{}", event.url());
    let mut entry = CalendarEvent::new();
    entry
        .uid(&format!("event-{}@{host}", event.slug))
        .timestamp(stamp(event, now))
        .summary(&event.title)
        .description(&description(event, &page))
        .url(&page);
    match event.when {
        When::Timed { .. } => {
            entry
                .starts(utc(event.when.starts_at()))
                .ends(utc(event.when.ends_at()));
        }
        When::AllDay { first, last } => {
            // The end of whole days is the day after the last: RFC 5545's DTEND is exclusive.
            let after = last.tomorrow().unwrap_or(last);
            entry.starts(naive(first)).ends(naive(after));
        }
    }
    let location = match (&event.place, &event.online_url) {
        (Some(place), _) => Some(place.line()),
        (None, Some(online)) => Some(online.clone()),
        (None, None) => None,
    };
    if let Some(location) = location {
        entry.location(&location);
    }
    if event.meta.updated.is_some() {
        entry.last_modified(stamp(event, now));
    }
    entry.done()
}

/// When the event's entry was last changed: the day its file was, where known (so that the
/// file is the same bytes on every replica and every rebuild), else now.
fn stamp(event: &Event, now: Timestamp) -> DateTime<Utc> {
    let changed = event.meta.updated.map(|date| {
        let midnight = date.to_datetime(jiff::civil::Time::midnight());
        jiff::tz::TimeZone::UTC
            .to_timestamp(midnight)
            .unwrap_or(now)
    });
    utc(changed.unwrap_or(now))
}

/// The summary, the online address, the booking address and the page, one to a paragraph.
fn description(event: &Event, page: &str) -> String {
    let mut parts = vec![event.summary.clone()];
    parts.extend(event.online_url.clone());
    parts.extend(event.booking_url.clone());
    parts.push(page.to_string());
    parts.join("\n\n")
}

fn utc(moment: Timestamp) -> DateTime<Utc> {
    DateTime::from_timestamp(moment.as_second(), 0).unwrap_or_default()
}

fn naive(date: Date) -> NaiveDate {
    NaiveDate::from_ymd_opt(
        i32::from(date.year()),
        u32::try_from(date.month()).unwrap_or(1),
        u32::try_from(date.day()).unwrap_or(1),
    )
    .unwrap_or_default()
}
