//! What the client asks for: the quality `Accept-Encoding` gives each coding, and whether
//! `If-None-Match` names a body it already has.

use super::Coding;

/// Whether `If-None-Match` names `etag` (weak comparison, as RFC 9110 asks for it).
pub fn none_match(if_none_match: &str, etag: &str) -> bool {
    if_none_match.trim() == "*"
        || if_none_match
            .split(',')
            .map(|tag| tag.trim().trim_start_matches("W/"))
            .any(|tag| tag == etag)
}

/// The quality, in thousandths, that `header` (an `Accept-Encoding` value) gives `coding`:
/// its own entry's, else the `*` entry's, else 0 for a coding the client did not name. Identity
/// is acceptable unless refused, but a client that names a coding would rather have it: when
/// not named, identity gets the lowest quality above zero. Entries with a malformed quality
/// are ignored.
pub(super) fn quality(header: &str, coding: Coding) -> u16 {
    let names: &[&str] = match coding {
        Coding::Identity => &["identity"],
        Coding::Gzip => &["gzip", "x-gzip"],
        Coding::Brotli => &["br"],
    };
    let mut wildcard = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or_default().trim();
        let mut quality = Some(1000);
        for parameter in parts {
            if let Some((key, value)) = parameter.split_once('=')
                && key.trim().eq_ignore_ascii_case("q")
            {
                quality = parse_quality(value.trim());
            }
        }
        let Some(quality) = quality else { continue };
        if names.iter().any(|n| name.eq_ignore_ascii_case(n)) {
            return quality;
        }
        if name == "*" {
            wildcard = Some(quality);
        }
    }
    match (wildcard, coding) {
        (Some(quality), _) => quality,
        (None, Coding::Identity) => 1,
        (None, _) => 0,
    }
}

/// A `qvalue` (`0`, `0.5`, `1.000`) in thousandths; `None` if it is not one.
fn parse_quality(value: &str) -> Option<u16> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !matches!(whole, "0" | "1") || fraction.len() > 3 || !digits(fraction) {
        return None;
    }
    let thousandths: u16 = format!("{fraction:0<3}").parse().ok()?;
    match whole {
        "0" => Some(thousandths),
        _ => (thousandths == 0).then_some(1000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualities_in_thousandths() {
        assert_eq!(quality("gzip;q=0.5, br;q=0.1", Coding::Gzip), 500);
        assert_eq!(quality("gzip;q=0.5, br;q=0.1", Coding::Brotli), 100);
        assert_eq!(quality("gzip", Coding::Identity), 1, "identity, not named");
        assert_eq!(quality("identity;q=0", Coding::Identity), 0);
        assert_eq!(quality("*;q=0.3", Coding::Brotli), 300);
        assert_eq!(quality("x-gzip", Coding::Gzip), 1000);
        assert_eq!(quality("BR;Q=1.0", Coding::Brotli), 1000);
        assert_eq!(quality("br;q=2", Coding::Brotli), 0, "malformed: ignored");
        assert_eq!(parse_quality("0.5"), Some(500));
        assert_eq!(parse_quality("1"), Some(1000));
        assert_eq!(parse_quality("1.001"), None);
        assert_eq!(parse_quality("0.1234"), None);
        assert_eq!(parse_quality(".5"), None);
    }
}
