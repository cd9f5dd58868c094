//! Response bodies prepared once, at load: identity, gzip and brotli forms, each with its own
//! strong ETag, and the choice between them by `Accept-Encoding`.

use bytes::Bytes;
use sha2::{Digest, Sha256};
use std::io::Write;

/// Brotli quality 9 of 11: within a few per cent of 11's size at a fraction of its time,
/// which keeps a rebuild of a large site quick.
const BROTLI_QUALITY: u32 = 9;
const BROTLI_WINDOW: u32 = 22;
/// Bodies smaller than this gain nothing from compression.
const MIN_COMPRESS: usize = 256;

/// A content coding the server can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Identity,
    Gzip,
    Brotli,
}

impl Coding {
    /// The `Content-Encoding` value, if any.
    pub fn header(self) -> Option<&'static str> {
        match self {
            Coding::Identity => None,
            Coding::Gzip => Some("gzip"),
            Coding::Brotli => Some("br"),
        }
    }
}

/// One body in every form worth sending.
#[derive(Debug, Clone, Default)]
pub struct Encoded {
    pub identity: Bytes,
    gzip: Option<Bytes>,
    brotli: Option<Bytes>,
    /// A hash of the identity body, the base of every ETag.
    hash: String,
}

impl Encoded {
    /// Prepares `body`, compressing it when `compressible` and worthwhile.
    pub fn new(body: Bytes, compressible: bool) -> Self {
        let hash = Sha256::digest(&body)[..10]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let worth = compressible && body.len() >= MIN_COMPRESS;
        let smaller = |compressed: Bytes| (compressed.len() < body.len()).then_some(compressed);
        let gzip = worth.then(|| gzip(&body)).and_then(smaller);
        let brotli = worth.then(|| brotli(&body)).and_then(smaller);
        Self {
            identity: body,
            gzip,
            brotli,
            hash,
        }
    }

    /// Whether there is more than one form, so that responses must say `Vary: Accept-Encoding`.
    pub fn varies(&self) -> bool {
        self.gzip.is_some() || self.brotli.is_some()
    }

    /// The best form that `accept_encoding` allows: brotli, then gzip, then identity.
    pub fn choose(&self, accept_encoding: &str) -> (Coding, &Bytes) {
        if let Some(brotli) = &self.brotli
            && accepts(accept_encoding, "br")
        {
            return (Coding::Brotli, brotli);
        }
        if let Some(gzip) = &self.gzip
            && accepts(accept_encoding, "gzip")
        {
            return (Coding::Gzip, gzip);
        }
        (Coding::Identity, &self.identity)
    }

    /// The strong ETag of one form; each form has its own, as HTTP requires.
    pub fn etag(&self, coding: Coding) -> String {
        match coding {
            Coding::Identity => format!("\"{}\"", self.hash),
            Coding::Gzip => format!("\"{}-gz\"", self.hash),
            Coding::Brotli => format!("\"{}-br\"", self.hash),
        }
    }
}

/// Whether `If-None-Match` names `etag` (weak comparison, as RFC 9110 asks for it).
pub fn none_match(if_none_match: &str, etag: &str) -> bool {
    if_none_match.trim() == "*"
        || if_none_match
            .split(',')
            .map(|tag| tag.trim().trim_start_matches("W/"))
            .any(|tag| tag == etag)
}

/// Whether `header` (an `Accept-Encoding` value) accepts `coding` with a quality above zero.
fn accepts(header: &str, coding: &str) -> bool {
    let mut wildcard = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or_default().trim();
        let quality = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .filter_map(|q| q.trim().parse::<f32>().ok())
            .next()
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case(coding) {
            return quality > 0.0;
        }
        if name == "*" {
            wildcard = Some(quality > 0.0);
        }
    }
    wildcard.unwrap_or(false)
}

fn gzip(body: &[u8]) -> Bytes {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(body)
        .expect("writing to a Vec cannot fail");
    Bytes::from(encoder.finish().expect("writing to a Vec cannot fail"))
}

fn brotli(body: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(body.len() / 3);
    let mut writer = brotli::CompressorWriter::new(&mut out, 4096, BROTLI_QUALITY, BROTLI_WINDOW);
    writer
        .write_all(body)
        .expect("writing to a Vec cannot fail");
    drop(writer);
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn page() -> Bytes {
        Bytes::from("<p>International Leeds</p>\n".repeat(40))
    }

    #[test]
    fn chooses_by_accept_encoding_and_round_trips() {
        let encoded = Encoded::new(page(), true);
        assert_eq!(encoded.choose("gzip, deflate, br").0, Coding::Brotli);
        assert_eq!(encoded.choose("gzip").0, Coding::Gzip);
        assert_eq!(encoded.choose("br;q=0, gzip;q=0.5").0, Coding::Gzip);
        assert_eq!(encoded.choose("*").0, Coding::Brotli);
        assert_eq!(encoded.choose("").0, Coding::Identity);
        assert_eq!(encoded.choose("identity").0, Coding::Identity);

        let (_, gz) = encoded.choose("gzip");
        let mut text = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut text)
            .expect("gzip");
        assert_eq!(text.as_bytes(), &page()[..]);
        let (_, br) = encoded.choose("br");
        let mut text = String::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_string(&mut text)
            .expect("br");
        assert_eq!(text.as_bytes(), &page()[..]);
    }

    #[test]
    fn small_or_incompressible_bodies_stay_as_they_are() {
        let small = Encoded::new(Bytes::from_static(b"tiny"), true);
        assert!(!small.varies());
        let binary = Encoded::new(page(), false);
        assert_eq!(binary.choose("br, gzip").0, Coding::Identity);
    }

    #[test]
    fn etags_differ_by_form_and_match_lists() {
        let encoded = Encoded::new(page(), true);
        let plain = encoded.etag(Coding::Identity);
        assert_ne!(plain, encoded.etag(Coding::Brotli));
        assert!(none_match(&plain, &plain));
        assert!(none_match(&format!("\"x\", W/{plain}"), &plain));
        assert!(none_match("*", &plain));
        assert!(!none_match("\"x\"", &plain));
    }
}
