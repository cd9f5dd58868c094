//! Response bodies prepared once, at load: identity, gzip and brotli forms, each with its own
//! strong ETag, and the choice between them by `Accept-Encoding`.

use axum::http::HeaderValue;
use bytes::Bytes;
use sha2::{Digest, Sha256};
use std::ops::Range;

mod negotiate;
mod parallel;

pub use negotiate::none_match;
use negotiate::quality;
pub use parallel::pack_all;

/// How hard to compress: the best (brotli 11, gzip 9) for a small site (the bundled one has
/// about 25 files), and fast (brotli 4,
/// gzip 3) for a large one, so that a rebuild of 10,000 pages stays within two seconds on two
/// cores. (Brotli at quality 5 and above allocates 32 MB of tables per body in the brotli
/// crate, about 8 ms a page; quality 4 takes a fraction of a millisecond for about 8% more
/// bytes than quality 9.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effort {
    pub brotli_quality: i32,
    pub gzip_level: u32,
}

impl Effort {
    /// Sites with at most this many files get the smallest bodies. Brotli 11 costs about
    /// 16 ms a page, so a hundred files keep a reload within a second or two.
    pub const SMALL_SITE: usize = 100;

    /// Bodies larger than this get the fast effort whatever the site: brotli 11 writes about
    /// a megabyte a second, with tens of megabytes of tables for a large body, so one long
    /// page would otherwise hold a reload for a second and double its memory.
    pub const LARGE_BODY: usize = 256 * 1024;

    /// The fast effort.
    const FAST: Self = Self {
        brotli_quality: 4,
        gzip_level: 3,
    };

    /// The effort for a site of `files` files.
    pub fn for_site(files: usize) -> Self {
        if files <= Self::SMALL_SITE {
            Self {
                brotli_quality: 11,
                gzip_level: 9,
            }
        } else {
            Self::FAST
        }
    }

    /// The effort for one body of `bytes` bytes.
    pub fn for_body(self, bytes: usize) -> Self {
        if bytes > Self::LARGE_BODY {
            Self::FAST
        } else {
            self
        }
    }
}

/// The largest brotli window; smaller bodies get a window just big enough, which saves the
/// encoder allocating (and the kernel mapping) megabytes per page.
const BROTLI_MAX_WINDOW: u32 = 22;
/// Bodies smaller than this gain nothing from compression.
const MIN_COMPRESS: usize = 256;

/// A content coding the server can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Identity = 0,
    Gzip = 1,
    Brotli = 2,
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
#[derive(Debug, Clone)]
pub struct Encoded {
    pub identity: Bytes,
    gzip: Option<Bytes>,
    brotli: Option<Bytes>,
    /// The ETag of each form (identity, gzip, brotli), made once: a hash of the identity
    /// body, with a suffix for the compressed forms.
    etags: [HeaderValue; 3],
}

impl Encoded {
    /// Whether there is more than one form, so that responses must say `Vary: Accept-Encoding`.
    pub fn varies(&self) -> bool {
        self.gzip.is_some() || self.brotli.is_some()
    }

    /// The best form that `accept_encoding` allows (RFC 9110, section 12.5.3): the one the
    /// client gives the highest quality, brotli before gzip before identity when it gives
    /// them the same. When it refuses every form, even identity, it gets identity all the
    /// same, as the RFC allows, rather than an error page.
    pub fn choose(&self, accept_encoding: &str) -> (Coding, &Bytes) {
        let forms = [
            (Coding::Brotli, self.brotli.as_ref()),
            (Coding::Gzip, self.gzip.as_ref()),
            (Coding::Identity, Some(&self.identity)),
        ];
        let mut best = (Coding::Identity, &self.identity, 0);
        for (coding, body) in forms {
            let Some(body) = body else { continue };
            let quality = quality(accept_encoding, coding);
            if quality > best.2 {
                best = (coding, body, quality);
            }
        }
        (best.0, best.1)
    }

    /// The strong ETag of one form; each form has its own, as HTTP requires.
    pub fn etag(&self, coding: Coding) -> &HeaderValue {
        &self.etags[coding as usize]
    }
}

/// Prepares bodies one after another, writing every form of every body into one block of
/// memory that they all share. Thousands of pages are then one allocation, handed back to
/// the system whole when they are replaced, rather than thousands of small ones scattered
/// among the allocator's other memory (which kept the server's memory creeping up reload
/// after reload); and no body is ever copied but the once, into the block.
pub struct Packer {
    block: Vec<u8>,
    effort: Effort,
}

/// Where the forms of one body are in a [`Packer`]'s block.
pub struct Packed {
    identity: Range<usize>,
    gzip: Option<Range<usize>>,
    brotli: Option<Range<usize>>,
    etags: [HeaderValue; 3],
}

impl Packer {
    /// A packer for bodies of about `bytes` in all, before compression.
    pub fn new(effort: Effort, bytes: usize) -> Self {
        // Room for the bodies and their compressed forms (about half as much again for
        // text), so that the block is not copied as it grows; `finish` gives back the rest.
        Self {
            block: Vec::with_capacity(bytes * 2),
            effort,
        }
    }

    /// Adds `body`, compressed too when `compressible` and worthwhile.
    pub fn add(&mut self, body: &[u8], compressible: bool) -> Packed {
        let hash: String = Sha256::digest(body)[..10]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let etags = ["", "-gz", "-br"].map(|suffix| {
            HeaderValue::try_from(format!("\"{hash}{suffix}\""))
                .expect("hex is a valid header value")
        });
        let start = self.block.len();
        self.block.extend_from_slice(body);
        let identity = start..self.block.len();
        let worth = compressible && body.len() >= MIN_COMPRESS;
        let effort = self.effort.for_body(body.len());
        let (level, quality) = (effort.gzip_level, effort.brotli_quality);
        let gzip = worth
            .then(|| self.append(body.len(), |block| gzip(body, level, block)))
            .flatten();
        let brotli = worth
            .then(|| self.append(body.len(), |block| brotli(body, quality, block)))
            .flatten();
        Packed {
            identity,
            gzip,
            brotli,
            etags,
        }
    }

    /// Appends what `write` writes, if it comes out smaller than `original` bytes.
    fn append(
        &mut self,
        original: usize,
        write: impl FnOnce(&mut Vec<u8>),
    ) -> Option<Range<usize>> {
        let start = self.block.len();
        write(&mut self.block);
        if self.block.len() - start >= original {
            self.block.truncate(start);
            return None;
        }
        Some(start..self.block.len())
    }

    /// The bodies added, from what `add` returned for each, in order, sharing the block.
    pub fn finish(mut self, packed: Vec<Packed>) -> Vec<Encoded> {
        self.block.shrink_to_fit();
        let block = Bytes::from(self.block);
        packed
            .into_iter()
            .map(|packed| Encoded {
                identity: block.slice(packed.identity),
                gzip: packed.gzip.map(|range| block.slice(range)),
                brotli: packed.brotli.map(|range| block.slice(range)),
                etags: packed.etags,
            })
            .collect()
    }
}

/// The bits of a window just big enough for `body`, between `min` and `max`.
fn window_bits(body: &[u8], min: u32, max: u32) -> u32 {
    (usize::BITS - body.len().max(1).leading_zeros() + 1).clamp(min, max)
}

/// Appends `body` in gzip form to `out`. The window is sized to the body, as brotli's is:
/// the encoder clears its window and tables for every body, and a 10 KB page needs no 32 KB
/// window.
fn gzip(body: &[u8], level: u32, out: &mut Vec<u8>) {
    gzip_in_window(body, level, window_bits(body, 9, 15) as u8, out);
}

/// Appends `body` in gzip form to `out`, with a window of `bits` bits (9 to 15).
fn gzip_in_window(body: &[u8], level: u32, bits: u8, out: &mut Vec<u8>) {
    let mut encoder = flate2::Compress::new_gzip(flate2::Compression::new(level), bits);
    loop {
        out.reserve(body.len() / 2 + 64);
        let read = encoder.total_in() as usize;
        let status = encoder
            .compress_vec(&body[read..], out, flate2::FlushCompress::Finish)
            .expect("compressing into a Vec cannot fail");
        if status == flate2::Status::StreamEnd {
            return;
        }
    }
}

fn brotli(body: &[u8], quality: i32, out: &mut Vec<u8>) {
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin: window_bits(body, 10, BROTLI_MAX_WINDOW) as i32,
        // Tells the encoder how big the input is, so that it sizes its tables to fit.
        size_hint: body.len(),
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &body[..], out, &params).expect("writing to a Vec cannot fail");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    const BEST: Effort = Effort {
        brotli_quality: 11,
        gzip_level: 9,
    };

    fn unbrotli(bytes: &[u8]) -> String {
        let mut text = String::new();
        brotli::Decompressor::new(bytes, 4096)
            .read_to_string(&mut text)
            .expect("br");
        text
    }

    impl Encoded {
        /// One body prepared on its own.
        fn new(body: &[u8], compressible: bool, effort: Effort) -> Self {
            let mut packer = Packer::new(effort, body.len());
            let packed = packer.add(body, compressible);
            packer
                .finish(vec![packed])
                .pop()
                .expect("one body in, one out")
        }
    }

    fn page() -> Bytes {
        Bytes::from("<p>International Leeds</p>\n".repeat(40))
    }

    #[test]
    fn chooses_by_accept_encoding_and_round_trips() {
        let encoded = Encoded::new(&page(), true, BEST);
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
        assert_eq!(unbrotli(br).as_bytes(), &page()[..]);
    }

    #[test]
    fn bodies_of_every_size_round_trip_with_windows_sized_to_them() {
        // Text that repeats from far back, in bodies on either side of each window size.
        let text: String = (0..40_000).map(|n| format!("city {} ", n % 997)).collect();
        for len in [
            256,
            511,
            512,
            1_000,
            40_000,
            70_000,
            Effort::LARGE_BODY + 1,
            text.len(),
        ] {
            let body = &text.as_bytes()[..len];
            for effort in [BEST, Effort::FAST] {
                let encoded = Encoded::new(body, true, effort);
                let (coding, gz) = encoded.choose("gzip");
                assert_eq!(coding, Coding::Gzip, "{len} bytes");
                let mut back = Vec::new();
                flate2::read::GzDecoder::new(&gz[..])
                    .read_to_end(&mut back)
                    .expect("gzip");
                assert_eq!(back, body, "{len} bytes at {effort:?}");
                // The window sized to the body loses nothing against the largest one.
                let mut widest = Vec::new();
                gzip_in_window(body, effort.for_body(len).gzip_level, 15, &mut widest);
                assert!(
                    gz.len() <= widest.len() + 16,
                    "{len} bytes: {}",
                    widest.len()
                );
                let (_, br) = encoded.choose("br");
                assert_eq!(unbrotli(br).as_bytes(), body, "{len} bytes at {effort:?}");
            }
        }
    }

    #[test]
    fn the_client_s_qualities_are_honoured() {
        let encoded = Encoded::new(&page(), true, BEST);
        let choose = |header| encoded.choose(header).0;
        assert_eq!(choose("gzip;q=0.5, br;q=0.1"), Coding::Gzip);
        assert_eq!(choose("br;q=0.5, gzip;q=0.5"), Coding::Brotli);
        assert_eq!(choose("identity;q=0, gzip;q=0.2"), Coding::Gzip);
        assert_eq!(choose("br;q=0.1, identity;q=0.5"), Coding::Identity);
        assert_eq!(choose("*;q=0.3, br;q=0.2"), Coding::Gzip);
        assert_eq!(choose("*;q=0"), Coding::Identity);
        assert_eq!(choose("x-gzip"), Coding::Gzip);
        assert_eq!(choose("br;q=2, gzip;q=abc"), Coding::Identity);
        assert_eq!(choose("gzip;q=0.001"), Coding::Gzip);
    }

    #[test]
    fn large_sites_compress_fast_and_still_round_trip() {
        let fast = Effort::for_site(Effort::SMALL_SITE + 1);
        assert_eq!(Effort::for_site(1).for_body(Effort::LARGE_BODY + 1), fast);
        assert_eq!(Effort::for_site(1).for_body(Effort::LARGE_BODY), BEST);
        assert_eq!(fast.brotli_quality, 4);
        let encoded = Encoded::new(&page(), true, fast);
        let (_, br) = encoded.choose("br");
        assert_eq!(unbrotli(br).as_bytes(), &page()[..]);
    }

    #[test]
    fn a_packer_puts_every_form_of_every_body_in_one_block() {
        let bodies: Vec<Bytes> = (0..20)
            .map(|n| Bytes::from(format!("<p>Page {n}</p>\n").repeat(30 + n)))
            .chain([Bytes::from_static(b"tiny")])
            .collect();
        let mut packer = Packer::new(BEST, 0);
        let packed = bodies.iter().map(|body| packer.add(body, true)).collect();
        let encoded = packer.finish(packed);
        assert_eq!(encoded.len(), bodies.len());
        for (body, encoded) in bodies.iter().zip(&encoded) {
            assert_eq!(&encoded.identity, body);
            let (coding, br) = encoded.choose("br");
            if body.len() >= MIN_COMPRESS {
                assert_eq!(coding, Coding::Brotli);
                assert_eq!(unbrotli(br).as_bytes(), &body[..]);
            } else {
                assert!(!encoded.varies());
            }
        }
        let forms = || {
            encoded.iter().flat_map(|e| {
                std::iter::once(&e.identity)
                    .chain(e.gzip.as_ref())
                    .chain(e.brotli.as_ref())
            })
        };
        let first = forms().map(|f| f.as_ptr() as usize).min().expect("forms");
        let last = forms()
            .map(|f| f.as_ptr() as usize + f.len())
            .max()
            .expect("forms");
        let total: usize = forms().map(Bytes::len).sum();
        assert_eq!(last - first, total, "the forms lie end to end in one block");
    }

    #[test]
    fn small_or_incompressible_bodies_stay_as_they_are() {
        let small = Encoded::new(b"tiny", true, BEST);
        assert!(!small.varies());
        let binary = Encoded::new(&page(), false, BEST);
        assert_eq!(binary.choose("br, gzip").0, Coding::Identity);
    }

    #[test]
    fn etags_differ_by_form_and_match_lists() {
        let encoded = Encoded::new(&page(), true, BEST);
        let plain = encoded.etag(Coding::Identity).to_str().expect("ascii");
        assert_ne!(plain, encoded.etag(Coding::Brotli));
        let gzip = format!("{}-gz\"", &plain[..plain.len() - 1]);
        assert_eq!(encoded.etag(Coding::Gzip).to_str().ok(), Some(&*gzip));
        assert!(none_match(plain, plain));
        assert!(none_match(&format!("\"x\", W/{plain}"), plain));
        assert!(none_match("*", plain));
        assert!(!none_match("\"x\"", plain));
    }
}
