//! One photo made ready for the web: read within limits, turned the right way up, resized to
//! the widths the layout needs and encoded as WebP with a JPEG fallback (PNG for a picture
//! with transparency), with none of the original's metadata; and a 1200 × 630 crop of it for
//! sharing.

use bytes::Bytes;
use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::metadata::Orientation;
use image::{
    DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder, ImageFormat, ImageReader,
};
use std::io::Cursor;

/// The widths each picture is made in, never wider than the original: the column of text is
/// at most 42rem (672 CSS pixels), shown on screens of one to more than two device pixels each.
pub const WIDTHS: [u32; 3] = [480, 960, 1600];
/// The size of a picture made for sharing on social media (Open Graph's and Twitter's
/// large card).
pub const SHARE: (u32, u32) = (1200, 630);
/// The most pixels a photo may have: 50 megapixels (8,000 × 6,000, more than a phone's
/// camera), 150 MB once decoded.
pub const MAX_PIXELS: u64 = 50_000_000;
/// The longest side a photo may have.
pub const MAX_SIDE: u32 = 12_000;
/// The most memory decoding one photo may take, and all photos being decoded at once
/// together: the decoded pixels, their 8-bit copy when they have more bits, and a
/// progressive JPEG's coefficients. A JPEG of [`MAX_PIXELS`] takes 150 MB; a 16-bit PNG
/// (12 bytes a pixel with its copy) may have about 22 megapixels.
pub const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;
const JPEG_QUALITY: u8 = 80;
const WEBP_QUALITY: f32 = 75.0;

/// A photo at each of its widths, and its crop for sharing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// The original's size, the right way up.
    pub width: u32,
    pub height: u32,
    /// Whether it has transparency: its fallback is then PNG, not JPEG.
    pub alpha: bool,
    /// Narrowest first.
    pub sizes: Vec<Size>,
    /// A JPEG of [`SHARE`]'s size, cropped from the middle of the photo.
    pub share: Bytes,
}

/// One width of a photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Size {
    pub width: u32,
    pub height: u32,
    pub webp: Bytes,
    /// JPEG, or PNG for a picture with transparency.
    pub fallback: Bytes,
}

/// Why a file cannot be shown as a picture.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    /// Not a JPEG, PNG or WebP file (named when it is another kind of picture).
    #[error("unsupported")]
    Unsupported(Option<String>),
    /// More pixels than [`MAX_PIXELS`], or a side longer than [`MAX_SIDE`].
    #[error("too large")]
    TooLarge { width: u32, height: u32 },
    /// More memory to decode than [`MAX_DECODE_BYTES`] (16 bits a colour, or a progressive
    /// JPEG near the largest size): the megabytes it would take.
    #[error("too heavy")]
    TooHeavy {
        width: u32,
        height: u32,
        megabytes: u64,
    },
    /// Cut short or damaged: the decoder's message.
    #[error("corrupt: {0}")]
    Corrupt(String),
}

/// Decodes `bytes` (within the limits), and makes every width of it and its crop for sharing.
///
/// The decoded photo (up to [`MAX_PIXELS`], 150 MB) is held only until it is resized to the
/// widest width; the photos decoded at once hold at most [`MAX_PIXELS`] together.
pub fn process(bytes: &[u8]) -> Result<Processed, Failure> {
    let (decoded, orientation, room) = decode(bytes)?;
    let alpha = decoded.color().has_alpha() && !opaque(&decoded);
    let pixel_type = if alpha {
        PixelType::U8x4
    } else {
        PixelType::U8x3
    };
    let turned = matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    );
    let (raw_width, raw_height) = (decoded.width(), decoded.height());
    let (width, height) = if turned {
        (raw_height, raw_width)
    } else {
        (raw_width, raw_height)
    };
    // The widest width, made from the decoded photo, then turned: the others are made from it.
    let top_width = width.min(WIDTHS[WIDTHS.len() - 1]);
    let top = (top_width, scaled_height(width, height, top_width));
    let widest = {
        let pixels = if alpha {
            decoded.into_rgba8().into_raw()
        } else {
            decoded.into_rgb8().into_raw()
        };
        let source = ImageRef::new(raw_width, raw_height, &pixels, pixel_type)
            .map_err(|e| Failure::Corrupt(e.to_string()))?;
        let unturned = if turned { (top.1, top.0) } else { top };
        let resized = resize(&source, unturned, None);
        turn(resized, unturned, alpha, orientation)
    };
    // The decoded photo is gone: another may take its room.
    drop(room);
    let source = ImageRef::new(top.0, top.1, &widest, pixel_type)
        .map_err(|e| Failure::Corrupt(e.to_string()))?;
    let sizes = widths(width)
        .into_iter()
        .map(|w| {
            let size = (w, scaled_height(top.0, top.1, w));
            let resized = resize(&source, size, None);
            Ok(Size {
                width: size.0,
                height: size.1,
                webp: webp(&resized, size, alpha)?,
                fallback: fallback(&resized, size, alpha)?,
            })
        })
        .collect::<Result<Vec<_>, Failure>>()?;
    let mut shared = resize(&source, SHARE, Some(share_crop(top.0, top.1)));
    if alpha {
        shared = on_white(&shared);
    }
    let share = jpeg(&shared, SHARE)?;
    Ok(Processed {
        width,
        height,
        alpha,
        sizes,
        share,
    })
}

/// Whether a picture with an alpha channel uses none of it (a screenshot saved as RGBA PNG):
/// it is then made as a photo, its fallback JPEG, not PNG.
fn opaque(image: &DynamicImage) -> bool {
    match image {
        DynamicImage::ImageRgba8(pixels) => pixels.pixels().all(|p| p.0[3] == u8::MAX),
        DynamicImage::ImageLumaA8(pixels) => pixels.pixels().all(|p| p.0[1] == u8::MAX),
        DynamicImage::ImageRgba16(pixels) => pixels.pixels().all(|p| p.0[3] == u16::MAX),
        DynamicImage::ImageLumaA16(pixels) => pixels.pixels().all(|p| p.0[1] == u16::MAX),
        _ => false,
    }
}

/// `pixels` (`size`, RGB or RGBA) turned and flipped as `orientation` says.
fn turn(
    pixels: Vec<u8>,
    (width, height): (u32, u32),
    alpha: bool,
    orientation: Orientation,
) -> Vec<u8> {
    if orientation == Orientation::NoTransforms {
        return pixels;
    }
    let image = if alpha {
        image::RgbaImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgba8)
    } else {
        image::RgbImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgb8)
    };
    let mut image = image.expect("the pixels fill the size");
    image.apply_orientation(orientation);
    image.into_bytes()
}

/// Lets photos that take at most [`MAX_DECODE_BYTES`] together be decoded at once, on all
/// threads: a photo waits until those decoded before it leave room.
struct Room {
    taken: std::sync::Mutex<u64>,
    freed: std::sync::Condvar,
}

static ROOM: Room = Room {
    taken: std::sync::Mutex::new(0),
    freed: std::sync::Condvar::new(),
};

/// Room for some bytes, given back when dropped.
struct Taken(u64);

impl Room {
    fn take(&'static self, bytes: u64) -> Taken {
        let mut taken = self
            .taken
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        while *taken > 0 && *taken + bytes > MAX_DECODE_BYTES {
            taken = self
                .freed
                .wait(taken)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        *taken += bytes;
        Taken(bytes)
    }
}

impl Drop for Taken {
    fn drop(&mut self) {
        let mut taken = ROOM
            .taken
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *taken -= self.0;
        ROOM.freed.notify_all();
    }
}

/// The picture in `bytes` as stored, with how to turn it, and its room among the photos
/// decoded at once: refused before anything big is allocated when it is not a supported
/// kind or is too large.
fn decode(bytes: &[u8]) -> Result<(DynamicImage, Orientation, Taken), Failure> {
    let reader = || {
        ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| Failure::Corrupt(e.to_string()))
    };
    let format = reader()?.format();
    match format {
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP) => {}
        Some(other) => return Err(Failure::Unsupported(Some(format!("{other:?}")))),
        None => return Err(Failure::Unsupported(None)),
    }
    // The JPEG decoder makes grey of what is missing from a file cut short: refuse it.
    let jpeg = match format {
        Some(ImageFormat::Jpeg) => Some(jpeg_layout(bytes).ok_or_else(|| {
            Failure::Corrupt("the file ends before the picture does".to_string())
        })?),
        _ => None,
    };
    // The header alone: a few kilobytes may claim 20,000 × 20,000 pixels.
    let (width, height) = reader()?.into_dimensions().map_err(corrupt)?;
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS || width.max(height) > MAX_SIDE {
        return Err(Failure::TooLarge { width, height });
    }
    if pixels == 0 {
        return Err(Failure::Corrupt("the picture has no pixels".to_string()));
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    let mut reader = reader()?;
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(corrupt)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    // What decoding takes: the pixels as decoded, their 8-bit copy when they have more bits
    // (or no colour), and a progressive JPEG's coefficients (two bytes a sample).
    let copy = match decoder.color_type() {
        image::ColorType::Rgb8 | image::ColorType::Rgba8 => 0,
        _ => pixels * 4,
    };
    let coefficients = if jpeg == Some(true) {
        pixels * 3 * 2
    } else {
        0
    };
    let needed = decoder.total_bytes() + copy + coefficients;
    if needed > MAX_DECODE_BYTES {
        let megabytes = needed.div_ceil(1024 * 1024);
        return Err(Failure::TooHeavy {
            width,
            height,
            megabytes,
        });
    }
    let room = ROOM.take(needed);
    let image = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    Ok((image, orientation, room))
}

/// Whether the JPEG `bytes` is whole, read marker by marker from its start to its end
/// marker (whatever a phone appends after it, such as a motion photo's video): `Some(true)`
/// for a progressive JPEG, `Some(false)` for another; `None` when the file ends first.
fn jpeg_layout(bytes: &[u8]) -> Option<bool> {
    let mut progressive = false;
    let mut at = 2;
    loop {
        // A marker: 0xFF (perhaps several), then its code.
        while *bytes.get(at)? == 0xFF && *bytes.get(at + 1)? == 0xFF {
            at += 1;
        }
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let code = *bytes.get(at + 1)?;
        at += 2;
        match code {
            0xD9 => return Some(progressive),
            0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        let length = usize::from(u16::from_be_bytes([*bytes.get(at)?, *bytes.get(at + 1)?]));
        progressive |= matches!(code, 0xC2 | 0xC6 | 0xCA | 0xCE);
        at += length;
        if code == 0xDA {
            // The scan's data: in it, 0xFF is followed by 0x00 or a restart marker.
            loop {
                let next = at + bytes.get(at..)?.iter().position(|&b| b == 0xFF)?;
                match *bytes.get(next + 1)? {
                    0x00 | 0xD0..=0xD7 => at = next + 2,
                    _ => {
                        at = next;
                        break;
                    }
                }
            }
        }
    }
}

fn corrupt(error: image::ImageError) -> Failure {
    match error {
        image::ImageError::Unsupported(e) => Failure::Unsupported(Some(e.to_string())),
        other => Failure::Corrupt(other.to_string()),
    }
}

/// The widths to make of a picture `width` pixels wide: those of [`WIDTHS`] narrower than it,
/// and its own when it is narrower than the widest.
pub fn widths(width: u32) -> Vec<u32> {
    let mut widths: Vec<u32> = WIDTHS.into_iter().filter(|&w| w < width).collect();
    if width <= WIDTHS[WIDTHS.len() - 1] {
        widths.push(width);
    }
    widths
}

fn scaled_height(width: u32, height: u32, to: u32) -> u32 {
    let scaled = (u64::from(height) * u64::from(to) + u64::from(width) / 2) / u64::from(width);
    (scaled as u32).max(1)
}

/// The part of a `width` × `height` picture that [`SHARE`]'s shape takes from its middle:
/// left, top, width and height.
fn share_crop(width: u32, height: u32) -> (f64, f64, f64, f64) {
    let (w, h) = (f64::from(width), f64::from(height));
    let shape = f64::from(SHARE.0) / f64::from(SHARE.1);
    if w / h > shape {
        let cropped = h * shape;
        ((w - cropped) / 2.0, 0.0, cropped, h)
    } else {
        let cropped = w / shape;
        (0.0, (h - cropped) / 2.0, w, cropped)
    }
}

/// `source` resized to `size` with a Lanczos filter, from the part `crop` when given.
fn resize(
    source: &ImageRef<'_>,
    (width, height): (u32, u32),
    crop: Option<(f64, f64, f64, f64)>,
) -> Vec<u8> {
    if crop.is_none() && (width, height) == (source.width(), source.height()) {
        return source.buffer().to_vec();
    }
    let mut target = Image::new(width, height, source.pixel_type());
    let mut options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    if let Some((left, top, w, h)) = crop {
        options = options.crop(left, top, w, h);
    }
    Resizer::new()
        .resize(source, &mut target, &options)
        .expect("the source and target have one pixel type");
    target.into_vec()
}

/// RGBA pixels made RGB over a white background.
fn on_white(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .flat_map(|p| {
            let alpha = u16::from(p[3]);
            let blend = move |c: u8| ((u16::from(c) * alpha + 255 * (255 - alpha)) / 255) as u8;
            [blend(p[0]), blend(p[1]), blend(p[2])]
        })
        .collect()
}

fn webp(pixels: &[u8], (width, height): (u32, u32), alpha: bool) -> Result<Bytes, Failure> {
    let encoder = if alpha {
        webp::Encoder::from_rgba(pixels, width, height)
    } else {
        webp::Encoder::from_rgb(pixels, width, height)
    };
    let encoded = encoder
        .encode_simple(false, WEBP_QUALITY)
        .map_err(|e| Failure::Corrupt(format!("{e:?}")))?;
    Ok(Bytes::copy_from_slice(&encoded))
}

fn fallback(pixels: &[u8], size: (u32, u32), alpha: bool) -> Result<Bytes, Failure> {
    if !alpha {
        return jpeg(pixels, size);
    }
    let mut out = Vec::new();
    PngEncoder::new(&mut out)
        .write_image(pixels, size.0, size.1, ExtendedColorType::Rgba8)
        .map_err(|e| Failure::Corrupt(e.to_string()))?;
    Ok(Bytes::from(out))
}

/// RGB pixels as a baseline JPEG, with no metadata.
fn jpeg(pixels: &[u8], (width, height): (u32, u32)) -> Result<Bytes, Failure> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .write_image(pixels, width, height, ExtendedColorType::Rgb8)
        .map_err(|e| Failure::Corrupt(e.to_string()))?;
    Ok(Bytes::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_never_wider_than_the_original() {
        assert_eq!(widths(4000), [480, 960, 1600]);
        assert_eq!(widths(1200), [480, 960, 1200]);
        assert_eq!(widths(1600), [480, 960, 1600]);
        assert_eq!(widths(300), [300]);
        assert_eq!(scaled_height(4000, 3000, 480), 360);
    }

    #[test]
    fn the_share_crop_takes_the_middle() {
        let (left, top, w, h) = share_crop(4000, 1000);
        assert_eq!(top, 0.0);
        assert!((w / h - 1200.0 / 630.0).abs() < 1e-9);
        assert!((left * 2.0 + w - 4000.0).abs() < 1e-9);
        let (left, top, w, h) = share_crop(4000, 3000);
        assert_eq!((left, w), (0.0, 4000.0));
        assert!((top * 2.0 + h - 3000.0).abs() < 1e-9);
        let (left, top, w, _) = share_crop(1000, 3000);
        assert_eq!((left, w), (0.0, 1000.0));
        assert!(top > 0.0);
    }
}
