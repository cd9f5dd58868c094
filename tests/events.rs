//! Events as their users meet them: the public on the lists, the event's page, the home page,
//! a city's and a priority's pages and in their calendars; editors in `check`. Time, which
//! moves an event to the past on its own, is tested on a running server in reload.rs.

mod common;

use std::process::Command;
use std::sync::{Arc, LazyLock};

use axum::http::Method;
use international_leeds::content::{self, Event, Site};
use international_leeds::snapshot::{BuildOptions, Snapshot};
use serde_json::Value;

/// The bundled content with the events of `tests/fixtures/events/` (in winter and summer, a
/// whole-day one, one online, one long past) and a French translation of one.
fn content_with_events() -> tempfile::TempDir {
    let content = common::content_copy();
    common::add_events(content.path(), &[]);
    common::write(
        content.path(),
        "events/lille-school-exchange.fr.md",
        "+++\ntitle = \"Soirée d’échange scolaire avec Lille\"\nsummary = \"Les élèves racontent l’échange avec Lille.\"\n+++\n\nUne soirée pour les familles.\n",
    );
    content
}

struct Built {
    /// Kept for as long as the site is served.
    _content: tempfile::TempDir,
    snapshot: Arc<Snapshot>,
    /// The content as loaded, every event in it.
    site: Site,
}

/// The content with events, built once for the tests of this binary that only read it.
static BUILT: LazyLock<Built> = LazyLock::new(|| {
    let content = content_with_events();
    let site = content::load(content.path()).expect("the events load");
    let snapshot = Snapshot::build(
        content.path(),
        &common::repo_path("static"),
        BuildOptions::public(),
    )
    .expect("the site with events builds");
    Built {
        _content: content,
        snapshot: Arc::new(snapshot),
        site,
    }
});

fn page(path: &str) -> String {
    let answer = tokio_block(common::request(
        Arc::clone(&BUILT.snapshot),
        Method::GET,
        path,
    ));
    assert_eq!(answer.status, 200, "{path}");
    answer.body
}

fn tokio_block<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(future)
}

/// The events of the content, soonest first, split at now as the site splits them.
fn upcoming_and_past() -> (Vec<&'static Event>, Vec<&'static Event>) {
    let now = jiff::Timestamp::now();
    BUILT.site.events.iter().partition(|e| !e.has_ended(now))
}

fn event(slug: &str) -> &'static Event {
    BUILT
        .site
        .events
        .iter()
        .find(|e| e.slug == slug)
        .expect("a fixture event")
}

/// The part of `html` from `from` on, up to `to`.
fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(from).unwrap_or_else(|| panic!("no {from}"));
    let rest = &html[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

#[test]
fn upcoming_events_are_listed_soonest_first_by_month_and_past_ones_apart() {
    let (upcoming, past) = upcoming_and_past();
    assert!(upcoming.len() >= 4 && !past.is_empty());
    let list = page("/events/");
    let main = between(&list, "<main", "</main>");
    let mut at = 0;
    for event in &upcoming {
        let found = main[at..]
            .find(&format!("href=\"{}\"", event.url()))
            .unwrap_or_else(|| panic!("{} listed after the one before", event.slug));
        at += found;
    }
    for event in &past {
        assert!(!main.contains(&event.url()), "{} has ended", event.slug);
    }
    for month in ["January 2099", "March 2099", "July 2099", "September 2099"] {
        assert!(main.contains(&format!("<h2>{month}</h2>")), "{month}");
    }
    assert!(main.contains("Saturday 14 March 2099, 6pm to 8pm"));
    assert!(main.contains("Civic Hall, Portland Crescent, Leeds LS1 1UR"));
    assert!(
        main.contains("href=\"/events/past/\""),
        "a link to the past"
    );
    assert!(main.contains("href=\"/events/calendar.ics\""));

    let past_page = page("/events/past/");
    for event in &past {
        assert!(past_page.contains(&event.url()), "{}", event.slug);
    }
    for event in &upcoming {
        assert!(!past_page.contains(&format!("href=\"{}\"", event.url())));
    }
    let sitemap = page("/sitemap.xml");
    for path in ["/events/", "/events/past/"]
        .into_iter()
        .map(str::to_string)
        .chain(BUILT.site.events.iter().map(|e| e.url()))
    {
        assert!(
            sitemap.contains(&format!("{path}</loc>")),
            "{path} in the sitemap"
        );
    }
    assert!(!sitemap.contains(".ics"), "calendar files are not pages");
}

#[test]
fn an_event_s_page_says_when_where_how_to_book_and_what_it_is_about() {
    let lille = event("lille-school-exchange");
    let html = page(&lille.url());
    let main = between(&html, "<main", "</main>");
    for text in [
        "<h1>Lille school exchange evening</h1>",
        "<time datetime=\"2099-03-14T18:00:00+00:00\">Saturday 14 March 2099, 6pm to 8pm</time>",
        "Civic Hall, Portland Crescent, Leeds LS1 1UR",
        "href=\"https://example.org/book/lille-evening\"",
        "Step-free access from Portland Crescent",
        "href=\"/partnerships/lille/\"",
        "href=\"/priorities/children-young-people/\"",
        "href=\"/events/lille-school-exchange.ics\"",
    ] {
        assert!(main.contains(text), "{text}");
    }
    let summer = page(&event("lille-summer-reception").url());
    assert!(summer.contains(
        "<time datetime=\"2099-07-14T18:30:00+01:00\">Tuesday 14 July 2099, 6:30pm to 9pm</time>"
    ));
    assert!(summer.contains("Online: <a href=\"https://example.org/live/lille-choir\">"));
    let whole = page(&event("twinning-day").url());
    assert!(whole.contains("Friday 4 September 2099 to Saturday 5 September 2099"));
    // A past event says so, and offers no booking or calendar.
    let past = page(&event("school-visit-2020").url());
    assert!(past.contains("This event has ended."));
    assert!(!past.contains(".ics\""));

    // Its schema.org description, read as JSON.
    let ld = json_ld(&html, "Event");
    assert_eq!(ld["startDate"], "2099-03-14T18:00:00+00:00");
    assert_eq!(ld["endDate"], "2099-03-14T20:00:00+00:00");
    assert_eq!(
        ld["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(ld["location"]["@type"], "Place");
    assert_eq!(ld["location"]["name"], "Civic Hall");
    let ld = json_ld(&summer, "Event");
    assert_eq!(ld["startDate"], "2099-07-14T18:30:00+01:00");
    assert_eq!(
        ld["eventAttendanceMode"],
        "https://schema.org/MixedEventAttendanceMode"
    );
    let online = json_ld(&page(&event("online-briefing").url()), "Event");
    assert_eq!(online["location"]["@type"], "VirtualLocation");
    assert_eq!(online["location"]["url"], "https://example.org/briefing");

    // Its old address leads to it, and search finds it by its place.
    let old = tokio_block(common::request(
        Arc::clone(&BUILT.snapshot),
        Method::GET,
        "/whats-on/lille-evening/",
    ));
    assert_eq!(old.status, 301);
    assert_eq!(old.header("location"), lille.url());
    let found = page("/search?q=Civic+Hall+exchange");
    let results = between(&found, "<main", "</main>");
    assert!(
        results.contains(&format!("href=\"{}\"", lille.url())),
        "{results}"
    );

    // Its translation is in French, with French dates.
    let french = page("/fr/events/lille-school-exchange/");
    assert!(french.contains("<html lang=\"fr\""));
    assert!(french.contains("Soirée d’échange scolaire avec Lille"));
    assert!(french.contains("14 mars 2099, 18:00–20:00"));
}

/// The JSON-LD block of `html` whose `@type` is `kind`.
fn json_ld(html: &str, kind: &str) -> Value {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .filter_map(|rest| rest.split("</script>").next())
        .map(|json| serde_json::from_str::<Value>(json).expect("JSON"))
        .find(|value| value["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in the page"))
}

#[test]
fn the_home_page_a_city_and_a_priority_show_their_upcoming_events() {
    let (upcoming, past) = upcoming_and_past();
    let home = page("/");
    let section = between(&home, "id=\"events-heading\"", "</section>");
    let shown: Vec<&&Event> = upcoming
        .iter()
        .filter(|e| section.contains(&format!("href=\"{}\"", e.url())))
        .collect();
    let next_three: Vec<&&Event> = upcoming.iter().take(3).collect();
    assert_eq!(
        shown.iter().map(|e| &e.slug).collect::<Vec<_>>(),
        next_three.iter().map(|e| &e.slug).collect::<Vec<_>>(),
        "the next three"
    );
    assert!(section.contains("href=\"/events/\""));

    for (path, of) in [
        ("/partnerships/lille/", "lille"),
        ("/partnerships/dortmund/", "dortmund"),
    ] {
        let html = page(path);
        let main = between(&html, "<main", "</main>");
        for event in &upcoming {
            let listed = main.contains(&format!("href=\"{}\"", event.url()));
            let about = event.cities.iter().any(|c| c == of);
            assert_eq!(listed, about, "{} on {path}", event.slug);
        }
        for event in &past {
            assert!(!main.contains(&format!("href=\"{}\"", event.url())));
        }
    }
    let priority = page("/priorities/children-young-people/");
    assert!(priority.contains(&format!(
        "href=\"{}\"",
        event("lille-school-exchange").url()
    )));
    // On the French page of Lille, the English events are marked as English.
    let french = page("/fr/partnerships/lille/");
    assert!(french.contains("lang=\"en-GB\" hreflang=\"en-GB\">Summer reception"));
}

#[test]
fn the_section_reads_well_empty_and_stays_out_of_the_sitemap() {
    // The bundled content has no events.
    let empty = tokio_block(common::get("/events/"));
    assert_eq!(empty.status, 200);
    assert!(empty.body.contains("No events are planned at the moment."));
    assert!(!empty.body.contains("href=\"/events/past/\""));
    let sitemap = tokio_block(common::get("/sitemap.xml")).body;
    assert!(
        !sitemap.contains("/events/"),
        "an empty section is not listed"
    );
    let home = tokio_block(common::get("/")).body;
    assert!(!home.contains("events-heading") && !home.contains("href=\"/events/\""));
    let calendar = tokio_block(common::get("/events/calendar.ics"));
    let read = read_calendar(&calendar.body);
    assert_eq!(read["events"].as_array().map(Vec::len), Some(0));
    assert!(
        calendar.body.contains("BEGIN:VTIMEZONE"),
        "a component, as RFC 5545 asks"
    );

    // Only past events: none planned, and a link to them.
    let content = common::content_copy();
    common::add_events(content.path(), &["school-visit-2020"]);
    let snapshot = Snapshot::build(
        content.path(),
        &common::repo_path("static"),
        BuildOptions::public(),
    )
    .expect("builds");
    let list = tokio_block(common::request(Arc::new(snapshot), Method::GET, "/events/"));
    assert!(list.body.contains("No events are planned at the moment."));
    assert!(list.body.contains("href=\"/events/past/\""));
}

/// What Python's `icalendar` reads in a calendar file: each event's fields, its times as
/// Leeds times (or dates), as JSON.
const READ_CALENDAR: &str = r#"
import json, sys
from zoneinfo import ZoneInfo
from icalendar import Calendar
calendar = Calendar.from_ical(open(sys.argv[1], 'rb').read())
def when(value):
    if hasattr(value, 'hour'):
        return value.astimezone(ZoneInfo('Europe/London')).isoformat()
    return value.isoformat()
events = []
for event in calendar.walk('VEVENT'):
    fields = {key: str(event.get(key)) for key in ('UID', 'SUMMARY', 'LOCATION', 'DESCRIPTION', 'URL') if event.get(key) is not None}
    fields['DTSTAMP'] = event.decoded('DTSTAMP').isoformat()
    fields['DTSTART'] = when(event.decoded('DTSTART'))
    fields['DTEND'] = when(event.decoded('DTEND'))
    events.append(fields)
print(json.dumps({'name': str(calendar.get('X-WR-CALNAME')), 'version': str(calendar.get('VERSION')), 'prodid': str(calendar.get('PRODID')), 'events': events}))
"#;

/// `text`, read back by Python's `icalendar` (Debian's `python3-icalendar`, which `.ci/run`
/// installs), with Debian's own Python: another on the `PATH` (pyenv's) lacks the package.
fn read_calendar(text: &str) -> Value {
    let file = tempfile::NamedTempFile::new().expect("a file");
    std::fs::write(file.path(), text).expect("written");
    let output = Command::new("/usr/bin/python3")
        .args(["-c", READ_CALENDAR])
        .arg(file.path())
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "Python's icalendar reads the file (install python3-icalendar): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// What a calendar must say of `event`, as Python reads it.
fn assert_entry(entry: &Value, event: &Event, start: &str, end: &str) {
    assert_eq!(entry["SUMMARY"], event.title.as_str());
    assert_eq!(entry["DTSTART"], start, "{}", event.slug);
    assert_eq!(entry["DTEND"], end, "{}", event.slug);
    let url = entry["URL"].as_str().expect("a URL");
    assert!(url.ends_with(&event.url()), "{url}");
    let description = entry["DESCRIPTION"].as_str().expect("a description");
    assert!(description.starts_with(&event.summary), "{description}");
    match &event.place {
        Some(place) => assert_eq!(entry["LOCATION"], place.line().as_str()),
        None => assert_eq!(entry["LOCATION"], event.online_url.as_deref().unwrap_or("")),
    }
    assert!(!entry["DTSTAMP"].as_str().unwrap_or("").is_empty());
}

#[test]
fn calendar_files_read_back_with_every_field_and_the_right_times_in_winter_and_summer() {
    let expected = [
        (
            "lille-school-exchange",
            "2099-03-14T18:00:00+00:00",
            "2099-03-14T20:00:00+00:00",
        ),
        (
            "lille-summer-reception",
            "2099-07-14T18:30:00+01:00",
            "2099-07-14T21:00:00+01:00",
        ),
        // Whole days: the end is the day after the last, as RFC 5545 has it.
        ("twinning-day", "2099-09-04", "2099-09-06"),
        (
            "online-briefing",
            "2099-01-20T12:00:00+00:00",
            "2099-01-20T13:00:00+00:00",
        ),
    ];
    let mut uids = Vec::new();
    for (slug, start, end) in expected {
        let event = event(slug);
        let answer = tokio_block(common::request(
            Arc::clone(&BUILT.snapshot),
            Method::GET,
            &event.calendar_url(),
        ));
        assert_eq!(answer.status, 200);
        assert_eq!(
            answer.header("content-type"),
            "text/calendar; charset=utf-8"
        );
        assert_folded(&answer.body);
        let read = read_calendar(&answer.body);
        assert_eq!(read["version"], "2.0");
        let events = read["events"].as_array().expect("events");
        assert_eq!(events.len(), 1, "{slug}");
        assert_entry(&events[0], event, start, end);
        uids.push(events[0]["UID"].as_str().expect("a UID").to_string());
    }
    uids.sort();
    uids.dedup();
    assert_eq!(
        uids.len(),
        expected.len(),
        "a UID of its own for each event"
    );

    // The calendar of every upcoming event: each one, with the same UID as its own file's.
    let (upcoming, past) = upcoming_and_past();
    let all = page("/events/calendar.ics");
    assert_folded(&all);
    assert!(all.contains("\\, "), "commas in text are escaped: {all}");
    let read = read_calendar(&all);
    let events = read["events"].as_array().expect("events");
    assert_eq!(events.len(), upcoming.len());
    for (entry, event) in events.iter().zip(&upcoming) {
        assert_eq!(entry["SUMMARY"], event.title.as_str());
    }
    for (slug, start, end) in expected {
        let entry = events
            .iter()
            .find(|e| {
                e["URL"]
                    .as_str()
                    .is_some_and(|u| u.ends_with(&format!("/{slug}/")))
            })
            .expect("listed");
        assert_entry(entry, event(slug), start, end);
        assert!(uids.contains(&entry["UID"].as_str().unwrap_or("").to_string()));
    }
    for event in past {
        assert!(!all.contains(&event.title), "{} has ended", event.slug);
    }
    // Text with a semicolon, a comma and a backslash comes back as written.
    let stalls = event("twinning-day");
    assert!(stalls.summary.contains(';') && stalls.summary.contains('\\'));
    let own = read_calendar(&page(&stalls.calendar_url()));
    let description = own["events"][0]["DESCRIPTION"].as_str().unwrap_or("");
    assert!(description.starts_with(&stalls.summary), "{description}");
    // Times in UTC (6:30pm in a Leeds summer is 17:30 UTC), and Leeds' zone defined.
    assert!(all.contains("DTSTART:20990714T173000Z\r\n"));
    assert!(all.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"));
}

/// Every line ends with CRLF and is at most 75 octets; a longer one is folded.
fn assert_folded(text: &str) {
    assert!(text.ends_with("\r\n"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a line of {} octets: {line}", line.len());
        assert!(!line.contains('\n'), "a bare line feed: {line:?}");
    }
}

#[test]
fn broken_events_are_reported_at_their_file_and_line() {
    let content = common::content_copy();
    let dir = content.path();
    std::fs::create_dir_all(dir.join("events")).expect("a folder");
    let event = |name: &str, fields: &str| {
        common::write(
            dir,
            &format!("events/{name}.md"),
            &format!(
                "+++\ntitle = \"A test event\"\nsummary = \"For the tests.\"\n{fields}\n+++\n\nText.\n"
            ),
        );
    };
    event(
        "backwards",
        "start = 2099-03-14T18:00:00\nend = 2099-03-14T17:00:00\nlocation = \"Civic Hall\"",
    );
    event(
        "unknown-city",
        "start = 2099-03-14\nlocation = \"Civic Hall\"\ncities = [\"lile\"]",
    );
    event(
        "unknown-priority",
        "start = 2099-03-14\nlocation = \"Civic Hall\"\npriorities = [\"sport\"]",
    );
    event("nowhere", "start = 2099-03-14");
    event(
        "no-end",
        "start = 2099-03-14T18:00:00\nlocation = \"Civic Hall\"",
    );
    event(
        "mixed",
        "start = 2099-03-14\nend = 2099-03-14T20:00:00\nlocation = \"Civic Hall\"",
    );
    event(
        "late",
        "start = 2099-03-14\nlocation = \"Civic Hall\"\npublish_at = 2099-03-20T09:00:00",
    );
    event(
        "bad-link",
        "start = 2099-03-14\nonline_url = \"www.example.org/join\"",
    );
    event(
        "skipped-hour",
        "start = 2099-03-29T01:30:00\nend = 2099-03-29T03:00:00\nlocation = \"Civic Hall\"",
    );
    event("past", "start = 2099-03-14\nlocation = \"Civic Hall\"");
    event(
        "misspelt-place",
        "start = 2099-03-14\nlocation = { name = \"Civic Hall\", adress = \"Leeds\" }\ncities = [\"lile\"]",
    );
    let errors = common::load_errors(dir);
    let expect = [
        ("events/backwards.md:5:", "ends before it starts"),
        ("events/unknown-city.md:6:", "unknown city `lile`"),
        ("events/unknown-city.md:6:", "did you mean `lille`?"),
        ("events/unknown-priority.md:6:", "unknown priority `sport`"),
        ("events/nowhere.md:2:", "say where the event takes place"),
        ("events/no-end.md:4:", "needs an `end` time"),
        ("events/mixed.md:5:", "both dates"),
        (
            "events/late.md:6:",
            "it would appear only among past events",
        ),
        ("events/bad-link.md:5:", "not a full web address"),
        ("events/skipped-hour.md:4:", "clocks go forward"),
        (
            "events/past.md:",
            "an address the events section uses itself",
        ),
        (
            "events/misspelt-place.md:5:",
            "location is the place's name",
        ),
        // Checked even beside another mistake.
        ("events/misspelt-place.md:6:", "unknown city `lile`"),
    ];
    for (at, says) in expect {
        assert!(
            errors.iter().any(|e| e.starts_with(at) && e.contains(says)),
            "{at} {says}: {errors:#?}"
        );
    }
    // One error for each mistake, none more.
    let mistakes: std::collections::HashSet<&str> = expect.iter().map(|(at, _)| *at).collect();
    let of_events = errors.iter().filter(|e| e.starts_with("events/")).count();
    assert_eq!(of_events, mistakes.len(), "{errors:#?}");

    // A past event saved as a draft: `check` warns at its start, with what to do.
    for file in std::fs::read_dir(dir.join("events")).expect("a folder") {
        std::fs::remove_file(file.expect("a file").path()).expect("removed");
    }
    event(
        "last-year",
        "draft = true\nstart = 2020-03-14T18:00:00\nend = 2020-03-14T20:00:00\nlocation = \"Civic Hall\"",
    );
    let output = common::binary()
        .args(["check", "--content"])
        .arg(dir)
        .output()
        .expect("check runs");
    let report = String::from_utf8_lossy(&output.stdout);
    let line = report
        .lines()
        .find(|l| l.contains("events/last-year.md:5:"))
        .unwrap_or_else(|| panic!("{report}"));
    assert!(
        line.contains("warning")
            && line.contains("ended on 14 March 2020")
            && line.contains("draft"),
        "{line}"
    );
}

#[test]
fn the_export_writes_the_events_pages_and_calendars_as_served() {
    let out = tempfile::tempdir().expect("a folder");
    let dir = out.path().join("site");
    international_leeds::export::export(&BUILT.snapshot, &dir).expect("exported");
    let paths: Vec<&str> = BUILT
        .snapshot
        .paths()
        .into_iter()
        .filter(|p| p.starts_with("/events/"))
        .collect();
    assert!(paths.iter().any(|p| p.ends_with("/calendar.ics")));
    for path in paths {
        let file = if path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        let written = std::fs::read(dir.join(file.trim_start_matches('/')))
            .unwrap_or_else(|_| panic!("{path} is not exported"));
        let served = &BUILT.snapshot.file(path).expect("served").body.identity;
        assert_eq!(&written[..], &served[..], "{path}");
    }
}
