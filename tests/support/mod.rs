//! Reading SVG drawn by the render tests, and snapshot files: shared by `tests/render*.rs`
//! (`mod support;`). Not every test file uses every helper.
#![allow(dead_code)]

use plotters::prelude::{DrawingArea, IntoDrawingArea, SVGBackend};
use plotters::style::RGBColor;
use unroll::render::{RenderError, Theme};

mod svg;

#[allow(unused_imports)] // not every test file reads shapes
pub use svg::*;

/// The light theme at pixel ratio 1, which most drawings are tested in.
pub fn theme() -> Theme {
    Theme::light(1.0)
}

/// The value of attribute `name` in an opening tag.
pub fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = start + tag[start..].find('"')?;
    Some(&tag[start..end])
}

/// Every opening tag `<name …` in the SVG (up to, not including, its `>`).
pub fn tags<'a>(svg: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    svg.match_indices(&open)
        .map(|(start, _)| &svg[start..start + svg[start..].find('>').expect("tag is closed")])
        .collect()
}

/// A numeric attribute; panics naming the tag when it is missing or not a number.
pub fn number(tag: &str, name: &str) -> f64 {
    attribute(tag, name)
        .unwrap_or_else(|| panic!("no {name}: {tag}"))
        .parse()
        .unwrap_or_else(|_| panic!("{name} is not a number: {tag}"))
}

/// The text of every `<text>` element, trimmed, with `&lt;`, `&gt;` and `&amp;` decoded.
pub fn texts(svg: &str) -> Vec<String> {
    svg.match_indices("<text")
        .map(|(start, _)| {
            let open = start + svg[start..].find('>').expect("text tag is closed") + 1;
            let close = open + svg[open..].find("</text>").expect("text element ends");
            svg[open..close]
                .trim()
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
        .collect()
}

/// One `<text>` element and the box it is estimated to cover, in SVG pixels: as wide as
/// the render kit's `text_width` estimate (0.6 of the font size per character, a whole font
/// size for a wide one: Hangul, kana, CJK ideographs), as tall as the font size, placed by
/// its `text-anchor` and `dy` the way the SVG backend writes them.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    pub text: String,
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
    pub size: f64,
}

impl TextBox {
    /// Whether the two boxes overlap by more than `slack` pixels each way.
    pub fn overlaps(&self, other: &TextBox, slack: f64) -> bool {
        self.left + slack < other.right
            && other.left + slack < self.right
            && self.top + slack < other.bottom
            && other.top + slack < self.bottom
    }
}

/// A character's estimated width in ems: 1 for East Asian wide ones, else 0.6.
fn em_width(c: char) -> f64 {
    let wide = matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFF00..=0xFF60);
    if wide {
        1.0
    } else {
        0.6
    }
}

/// Every `<text>` element with its estimated box, in drawing order.
pub fn text_boxes(svg: &str) -> Vec<TextBox> {
    let content = texts(svg);
    tags(svg, "text")
        .into_iter()
        .zip(content)
        .map(|(tag, text)| {
            let (x, y, size) = (number(tag, "x"), number(tag, "y"), number(tag, "font-size"));
            let width = text.chars().map(em_width).sum::<f64>() * size;
            let left = match attribute(tag, "text-anchor") {
                Some("middle") => x - width / 2.0,
                Some("end") => x - width,
                _ => x,
            };
            // The SVG backend's `dy` for a top, centred and bottom anchor.
            let centre = match attribute(tag, "dy") {
                Some("0.76em") => y + 0.5 * size,
                Some("-0.5ex") => y - 0.5 * size,
                _ => y,
            };
            TextBox {
                text,
                left,
                top: centre - size / 2.0,
                right: left + width,
                bottom: centre + size / 2.0,
                size,
            }
        })
        .collect()
}

/// Whether some `<text>` element is exactly `text`.
pub fn has_text(svg: &str, text: &str) -> bool {
    texts(svg).iter().any(|t| t == text)
}

/// A colour as the SVG backend writes it (`#RRGGBB`).
pub fn hex(colour: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", colour.0, colour.1, colour.2)
}

/// Runs `draw` on a `width × height` SVG and returns the SVG.
pub fn svg_of(
    (width, height): (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>) -> Result<(), RenderError>,
) -> String {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        draw(&area).expect("drawing succeeds");
    }
    svg
}

/// Compares `svg` with `tests/snapshots/{name}.svg` (rewritten with `UPDATE_SNAPSHOTS=1`),
/// naming the first differing line.
pub fn check_snapshot(name: &str, svg: &str) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots");
    let path = format!("{dir}/{name}.svg");
    if std::env::var("UPDATE_SNAPSHOTS").as_deref() == Ok("1") {
        std::fs::create_dir_all(dir).expect("snapshot directory can be created");
        std::fs::write(&path, svg).expect("snapshot can be written");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!("missing snapshot {path}; run with UPDATE_SNAPSHOTS=1 to create it")
    });
    if expected != svg {
        let line = expected
            .lines()
            .zip(svg.lines())
            .position(|(a, b)| a != b)
            .map_or_else(|| "a line count".to_string(), |l| format!("line {}", l + 1));
        panic!(
            "{name}.svg differs from the snapshot at {line}; if the change is intended, \
             rerun with UPDATE_SNAPSHOTS=1 and look at tests/snapshots/{name}.svg"
        );
    }
}

/// The snapshots of one lab's drawings: `tests/snapshots/{prefix}{name}.svg`.
pub struct Snapshots(pub &'static str);

impl Snapshots {
    /// Compares `svg` with `tests/snapshots/{prefix}{name}.svg` (see [`check_snapshot`]).
    pub fn check(&self, name: &str, svg: &str) {
        check_snapshot(&format!("{}{name}", self.0), svg);
    }

    /// Checks `{prefix}{name}.svg` (drawn at `wide`) and `{prefix}{name}_phone.svg` (drawn at
    /// `phone`, 360 CSS pixels wide).
    pub fn check_wide_and_phone(
        &self,
        name: &str,
        wide: (u32, u32),
        phone: (u32, u32),
        draw: impl Fn(&DrawingArea<SVGBackend, plotters::coord::Shift>) -> Result<(), RenderError>,
    ) {
        self.check(name, &svg_of(wide, &draw));
        self.check(&format!("{name}_phone"), &svg_of(phone, &draw));
    }
}
