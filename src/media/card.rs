//! Share cards: the picture social media show for a page that has no photo of its own, a
//! 1200 × 630 PNG of the page's title and the site's name in the site's colours, drawn with
//! a bundled font that has Latin and Chinese letters alike (WenQuanYi Micro Hei,
//! `templates/fonts/`), so that no title comes out as boxes.

use bytes::Bytes;
use resvg::{tiny_skia, usvg};
use std::sync::{Arc, LazyLock};

use super::process::SHARE;

const FONT: &[u8] = include_bytes!("../../templates/fonts/wqy-microhei.ttc");
const FAMILY: &str = "WenQuanYi Micro Hei";
/// The site's colours (static/style.css): its brand blue, white text, the focus yellow.
const BACKGROUND: &str = "#00395d";
const TEXT: &str = "#ffffff";
const STRIPE: &str = "#ffdd00";
/// The margin around the words.
const MARGIN: f32 = 72.0;
/// The title's sizes, largest first, and the most lines it may take at each.
const TITLE_SIZES: [(f32, usize); 4] = [(72.0, 3), (60.0, 4), (50.0, 5), (42.0, 6)];
const NAME_SIZE: f32 = 36.0;

static FONTS: LazyLock<Arc<usvg::fontdb::Database>> = LazyLock::new(|| {
    let mut fonts = usvg::fontdb::Database::new();
    fonts.load_font_source(usvg::fontdb::Source::Binary(Arc::new(FONT)));
    Arc::new(fonts)
});

/// What a card says.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Card {
    /// The page's title.
    pub title: String,
    /// The site's name, above the title.
    pub site: String,
    /// The language of both, a BCP 47 tag.
    pub lang: String,
}

impl Card {
    /// The key it is cached by: everything that is drawn.
    pub fn key(&self) -> String {
        super::cache::key(
            "card",
            &[
                self.title.as_bytes(),
                self.site.as_bytes(),
                self.lang.as_bytes(),
            ],
        )
    }

    /// A card of the site's colours alone, with no words.
    pub fn blank() -> Bytes {
        let mut pixmap =
            tiny_skia::Pixmap::new(SHARE.0, SHARE.1).expect("the card's size is not zero");
        pixmap.fill(tiny_skia::Color::from_rgba8(0x00, 0x39, 0x5d, 0xff));
        Bytes::from(png(&pixmap))
    }

    /// The card as a PNG of [`SHARE`]'s size.
    pub fn draw(&self) -> Bytes {
        let options = usvg::Options {
            font_family: FAMILY.to_string(),
            languages: vec![self.lang.clone()],
            fontdb: Arc::clone(&FONTS),
            ..usvg::Options::default()
        };
        let width = SHARE.0 as f32 - 2.0 * MARGIN;
        // The largest size at which the title fits; the smallest, cut short, if none does.
        let mut tree = None;
        for (size, most) in TITLE_SIZES {
            let (lines, cut) = wrap(&self.title, size, width, most);
            let svg = self.svg(&lines, size);
            let Ok(parsed) = usvg::Tree::from_str(&svg, &options) else {
                continue;
            };
            let fits = parsed
                .node_by_id("title")
                .is_none_or(|title| title.abs_bounding_box().width() <= width + 1.0);
            tree = Some(parsed);
            if fits && !cut {
                break;
            }
        }
        let mut pixmap =
            tiny_skia::Pixmap::new(SHARE.0, SHARE.1).expect("the card's size is not zero");
        if let Some(tree) = tree {
            resvg::render(
                &tree,
                tiny_skia::Transform::identity(),
                &mut pixmap.as_mut(),
            );
        }
        Bytes::from(png(&pixmap))
    }

    /// The card's SVG, with the title in `lines` of `size` pixels.
    fn svg(&self, lines: &[String], size: f32) -> String {
        let (w, h) = SHARE;
        let line_height = size * 1.2;
        // The title's last line sits above the bottom margin.
        let first = h as f32 - MARGIN - line_height * (lines.len() as f32 - 1.0) - size * 0.25;
        let tspans: String = lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                format!(
                    "<tspan x=\"{MARGIN}\" y=\"{:.1}\">{}</tspan>",
                    first + line_height * i as f32,
                    html_escape::encode_text(line)
                )
            })
            .collect();
        format!(
            concat!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">",
                "<rect width=\"{w}\" height=\"{h}\" fill=\"{background}\"/>",
                "<rect width=\"{w}\" height=\"16\" fill=\"{stripe}\"/>",
                "<text x=\"{margin}\" y=\"{name_y}\" font-family=\"{family}\" font-size=\"{name_size}\" fill=\"{text}\" xml:lang=\"{lang}\">{site}</text>",
                "<text id=\"title\" font-family=\"{family}\" font-size=\"{size}\" fill=\"{text}\" xml:lang=\"{lang}\">{tspans}</text>",
                "</svg>"
            ),
            w = w,
            h = h,
            background = BACKGROUND,
            stripe = STRIPE,
            margin = MARGIN,
            name_y = MARGIN + NAME_SIZE,
            family = FAMILY,
            name_size = NAME_SIZE,
            text = TEXT,
            lang = html_escape::encode_double_quoted_attribute(&self.lang),
            site = html_escape::encode_text(&self.site),
            size = size,
            tspans = tspans,
        )
    }
}

/// The card as a PNG with a palette: its colours are few (the background, the stripe, white,
/// and the shades of the letters' edges between them), so it is a third of the size of one
/// with a byte for each of red, green, blue and alpha. A card of more than 256 colours is
/// written as RGBA.
fn png(pixmap: &tiny_skia::Pixmap) -> Vec<u8> {
    // The card is opaque: its premultiplied pixels are its colours. Each pixel is read as one
    // number; most are the colour of the one before, and only a change looks through the
    // palette (this runs in the tests' unoptimised builds too).
    let Ok(pixels) = bytemuck::try_cast_slice::<u8, u32>(pixmap.data()) else {
        return rgba_png(pixmap);
    };
    let mut palette: Vec<u32> = Vec::new();
    let mut indexed = vec![0u8; pixels.len()];
    let mut last = (u32::MAX, 0u8);
    for (slot, &pixel) in indexed.iter_mut().zip(pixels) {
        if pixel != last.0 {
            let at = match palette.iter().position(|&c| c == pixel) {
                Some(at) => at,
                None if palette.len() < 256 => {
                    palette.push(pixel);
                    palette.len() - 1
                }
                None => return rgba_png(pixmap),
            };
            last = (pixel, at as u8);
        }
        *slot = last.1;
    }
    let colours: Vec<u8> = palette
        .iter()
        .flat_map(|c| {
            let [r, g, b, _] = c.to_ne_bytes();
            [r, g, b]
        })
        .collect();
    let mut out = Vec::new();
    let mut encoder = ::png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_depth(::png::BitDepth::Eight);
    encoder.set_color(::png::ColorType::Indexed);
    encoder.set_palette(colours);
    let mut writer = encoder.write_header().expect("a header writes to memory");
    writer
        .write_image_data(&indexed)
        .expect("the pixels fill the card");
    writer.finish().expect("a PNG writes to memory");
    out
}

/// A card of more than 256 colours (or whose pixels cannot be read as numbers), as
/// tiny-skia writes it: RGBA.
fn rgba_png(pixmap: &tiny_skia::Pixmap) -> Vec<u8> {
    pixmap.encode_png().expect("a pixmap always encodes")
}

/// About how wide `c` is, in ems of the font: ideographs and kana a whole em, capitals and
/// wide letters more than most, spaces and narrow letters less.
fn advance(c: char) -> f32 {
    match c {
        '\u{1100}'..='\u{115F}' | '\u{2E80}'..='\u{A4CF}' | '\u{AC00}'..='\u{D7A3}' => 1.0,
        '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FF60}' => 1.0,
        'M' | 'W' | 'm' | 'w' | '@' | '%' => 0.9,
        'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '’' | '!' | '|' => 0.3,
        ' ' => 0.3,
        c if c.is_uppercase() => 0.68,
        _ => 0.56,
    }
}

/// Whether a line may break after `c` without a space: after an ideograph or kana.
fn breaks_after(c: char) -> bool {
    advance(c) >= 1.0
}

/// `text` in lines of at most `width` pixels at `size`, at most `most` of them, the last
/// ended with "…" when the text is longer, and whether it was. Lines break at spaces, and
/// between ideographs.
fn wrap(text: &str, size: f32, width: f32, most: usize) -> (Vec<String>, bool) {
    let room = width / size;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut used = 0.0;
    for word in words(text) {
        let wide: f32 = word.chars().map(advance).sum();
        let space =
            if line.is_empty() || word.starts_with(breaks_after) || line.ends_with(breaks_after) {
                0.0
            } else {
                advance(' ')
            };
        if !line.is_empty() && used + space + wide > room {
            lines.push(std::mem::take(&mut line));
            used = 0.0;
        } else if space > 0.0 {
            line.push(' ');
            used += space;
        }
        // A word longer than a line is cut where the line ends.
        for c in word.chars() {
            if used + advance(c) > room && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0.0;
            }
            line.push(c);
            used += advance(c);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    let cut = lines.len() > most;
    if cut {
        lines.truncate(most);
        let last = lines.last_mut().expect("at least one line");
        while last.chars().map(advance).sum::<f32>() + advance('…') > room && last.pop().is_some()
        {
        }
        *last = format!("{}…", last.trim_end());
    }
    (lines, cut)
}

/// The words of `text`: split at white space, and each ideograph a word of its own.
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for part in text.split_whitespace() {
        let mut word = String::new();
        for c in part.chars() {
            if breaks_after(c) && !word.is_empty() && !word.ends_with(breaks_after) {
                words.push(std::mem::take(&mut word));
            }
            word.push(c);
            if breaks_after(c) {
                words.push(std::mem::take(&mut word));
            }
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_wrap_at_spaces_and_between_ideographs() {
        let (lines, _) = wrap(
            "Safer, stronger communities and a sustainable economy",
            72.0,
            1056.0,
            3,
        );
        assert!(lines.len() >= 2, "{lines:?}");
        assert_eq!(
            lines.join(" "),
            "Safer, stronger communities and a sustainable economy"
        );
        let (chinese, cut) = wrap(
            "利兹市与杭州市的友好城市关系始于一九八八年并延续至今",
            72.0,
            1056.0,
            3,
        );
        assert!(chinese.len() == 2 && !cut, "{chinese:?}");
        assert!(chinese.iter().all(|l| !l.contains(' ')), "{chinese:?}");
        let (long, cut) = wrap(&"word ".repeat(200), 72.0, 1056.0, 3);
        assert_eq!(long.len(), 3);
        assert!(cut && long[2].ends_with('…'), "{long:?}");
        // A title that ends in "…" of its own is not cut short.
        let (own, cut) = wrap("What next…", 72.0, 1056.0, 3);
        assert_eq!((own, cut), (vec!["What next…".to_string()], false));
    }

    #[test]
    fn a_card_is_a_png_of_the_share_size() {
        let card = Card {
            title: "Hangzhou 杭州".to_string(),
            site: "International Leeds".to_string(),
            lang: "en".to_string(),
        };
        let png = card.draw();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        // IHDR: width and height, big-endian, after the signature and the chunk's header.
        assert_eq!(&png[16..24], &[0, 0, 4, 176, 0, 0, 2, 118]);
        assert_ne!(
            card.key(),
            Card {
                lang: "zh-Hans".into(),
                ..card.clone()
            }
            .key()
        );
    }
}
