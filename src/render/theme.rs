//! One theme for every view: colours, fonts and strokes, scaled by the device pixel ratio.

use plotters::style::RGBColor;

/// Colours, font sizes and stroke widths shared by every drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Device pixels per CSS pixel; every size below is already multiplied by it.
    pub pixel_ratio: f64,
    /// Page background.
    pub background: RGBColor,
    /// Text and axes.
    pub ink: RGBColor,
    /// Secondary text and grid lines.
    pub muted: RGBColor,
    /// The main data colour (the sequential map's dark end).
    pub accent: RGBColor,
    /// A second series, contrasting with `accent`.
    pub accent_2: RGBColor,
    /// A third series colour (the GRU beside the RNN and the LSTM; purple).
    pub accent_3: RGBColor,
    /// The final result of a computation (a score).
    pub result: RGBColor,
    /// Values left out of a computation.
    pub unused: RGBColor,
    /// Font family for every label.
    pub font_family: &'static str,
    /// Body font size in device pixels.
    pub font_size: f64,
    /// Small font size in device pixels.
    pub small_font_size: f64,
    /// Line width in device pixels.
    pub stroke: u32,
}

impl Theme {
    /// The light theme at a device pixel ratio (1 on a plain screen, 2 on most phones).
    pub fn light(pixel_ratio: f64) -> Theme {
        let ratio = if pixel_ratio.is_finite() && pixel_ratio > 0.0 {
            pixel_ratio.clamp(0.5, 4.0)
        } else {
            1.0
        };
        Theme {
            pixel_ratio: ratio,
            background: RGBColor(255, 255, 255),
            ink: RGBColor(33, 37, 41),
            muted: RGBColor(134, 142, 150),
            accent: RGBColor(37, 99, 235),
            accent_2: RGBColor(234, 88, 12),
            accent_3: RGBColor(126, 34, 206),
            result: RGBColor(22, 163, 74),
            unused: RGBColor(206, 212, 218),
            font_family: "sans-serif",
            font_size: 13.0 * ratio,
            small_font_size: 11.0 * ratio,
            stroke: (1.5 * ratio).round().max(1.0) as u32,
        }
    }

    /// A size in CSS pixels, in device pixels.
    pub fn px(&self, css_pixels: f64) -> i32 {
        (css_pixels * self.pixel_ratio).round() as i32
    }

    /// The sequential map for probabilities in [0, 1]: white to `accent`.
    pub fn sequential(&self, value: f64) -> RGBColor {
        let t = if value.is_finite() {
            value.clamp(0.0, 1.0)
        } else {
            0.0
        };
        blend(SEQUENTIAL_LOW, self.accent, t)
    }

    /// The diverging map for signed values scaled to [-1, 1]: `accent_2`, white, `accent`.
    pub fn diverging(&self, value: f64) -> RGBColor {
        let t = if value.is_finite() {
            value.clamp(-1.0, 1.0)
        } else {
            0.0
        };
        let end = if t < 0.0 { self.accent_2 } else { self.accent };
        blend(WHITE, end, t.abs())
    }

    /// The colour of each model's lines: `accent_2` for a label naming an RNN, `accent` for an
    /// LSTM, else (or when two labels would share a colour) `accent_2`, `accent` in order.
    pub fn model_colours(&self, labels: &[&str]) -> Vec<RGBColor> {
        let by_order = [self.accent_2, self.accent, self.accent_3, self.muted];
        let by_label: Vec<Option<RGBColor>> = labels
            .iter()
            .map(|label| {
                let label = label.to_lowercase();
                if label.contains("lstm") {
                    Some(self.accent)
                } else if label.contains("gru") {
                    Some(self.accent_3)
                } else if label.contains("rnn") {
                    Some(self.accent_2)
                } else {
                    None
                }
            })
            .collect();
        let distinct = by_label
            .iter()
            .enumerate()
            .all(|(i, a)| by_label[..i].iter().all(|b| a.is_none() || a != b));
        by_label
            .iter()
            .enumerate()
            .map(|(i, colour)| match colour {
                Some(colour) if distinct => *colour,
                _ => by_order[i.min(by_order.len() - 1)],
            })
            .collect()
    }

    /// The colour of line series `index`: `accent`, `accent_2`, then a small palette.
    pub fn series_colour(&self, index: usize) -> RGBColor {
        match index {
            0 => self.accent,
            1 => self.accent_2,
            _ => SERIES_PALETTE[(index - 2) % SERIES_PALETTE.len()],
        }
    }

    /// The colour of class `class`: `accent`, `accent_2`, `result`, then a small palette,
    /// repeating after eight classes.
    pub fn class_colour(&self, class: usize) -> RGBColor {
        match class % 8 {
            0 => self.accent,
            1 => self.accent_2,
            2 => self.result,
            k => CLASS_PALETTE[k - 3],
        }
    }
}

/// `from` moved a fraction `amount` of the way to `to`, channel by channel.
pub(crate) fn blend(from: RGBColor, to: RGBColor, amount: f64) -> RGBColor {
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * amount).round() as u8;
    RGBColor(mix(from.0, to.0), mix(from.1, to.1), mix(from.2, to.2))
}

/// The sequential map's light end (for 0).
const SEQUENTIAL_LOW: RGBColor = RGBColor(239, 246, 255);
/// The diverging map's middle (for 0).
const WHITE: RGBColor = RGBColor(255, 255, 255);

/// Colours of line series after the first two (`accent`, `accent_2`).
const SERIES_PALETTE: [RGBColor; 4] = [
    RGBColor(22, 163, 74),
    RGBColor(147, 51, 234),
    RGBColor(219, 39, 119),
    RGBColor(100, 116, 139),
];

/// Colours of classes after the first three (`accent`, `accent_2`, `result`).
const CLASS_PALETTE: [RGBColor; 5] = [
    RGBColor(147, 51, 234),
    RGBColor(219, 39, 119),
    RGBColor(13, 148, 136),
    RGBColor(161, 98, 7),
    RGBColor(71, 85, 105),
];
