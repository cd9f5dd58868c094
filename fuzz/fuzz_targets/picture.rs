//! Any bytes as a photo from the media folder: processing never panics and never allocates
//! past its limits (libFuzzer's -rss_limit_mb stops the run if it does); what it makes has
//! every width, none wider than the original, and a crop for sharing.
#![no_main]

use international_leeds::media::process::{self, Failure, SHARE, WIDTHS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    match process::process(bytes) {
        Ok(processed) => {
            assert!(!processed.sizes.is_empty());
            assert!(processed.sizes.len() <= WIDTHS.len());
            for size in &processed.sizes {
                assert!(size.width <= processed.width.max(1));
                assert!(!size.webp.is_empty() && !size.fallback.is_empty());
            }
            assert!(processed.share.starts_with(&[0xFF, 0xD8]), "{SHARE:?} JPEG");
        }
        Err(Failure::TooLarge { width, height }) => {
            assert!(u64::from(width) * u64::from(height) > process::MAX_PIXELS || width.max(height) > process::MAX_SIDE);
        }
        Err(Failure::TooHeavy { megabytes, .. }) => {
            assert!(megabytes * 1024 * 1024 > process::MAX_DECODE_BYTES);
        }
        Err(Failure::Unsupported(_) | Failure::Corrupt(_)) => {}
    }
});
