//! Drawing engine records on a page canvas through the generic render functions.

use plotters::coord::Shift;
use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::render::{RenderError, Theme};
use crate::web::figure::{capturing, keep_svg, PageBackend};
use crate::web::rect_batch::BatchedCanvas;

/// Runs `draw` on the whole canvas (its backing store, sized by the page to CSS size × DPR),
/// or, while a figure is captured (see `figure`), into an SVG document of the figure's size.
pub(crate) fn draw_on(
    canvas: HtmlCanvasElement,
    pixel_ratio: f64,
    draw: impl FnOnce(&DrawingArea<PageBackend<'_>, Shift>, &Theme) -> Result<(), RenderError>,
) -> Result<(), JsError> {
    let theme = Theme::light(pixel_ratio);
    if let Some(size) = capturing() {
        let mut svg = String::new();
        {
            let area =
                PageBackend::Svg(SVGBackend::with_string(&mut svg, size)).into_drawing_area();
            draw(&area, &theme).map_err(|e| JsError::new(&e.to_string()))?;
            area.present().map_err(|e| JsError::new(&e.to_string()))?;
        }
        keep_svg(svg);
        return Ok(());
    }
    if canvas.width() == 0 || canvas.height() == 0 {
        return Ok(());
    }
    let backend = BatchedCanvas::new(canvas)
        .ok_or_else(|| JsError::new("this canvas has no 2D drawing context"))?;
    let area = PageBackend::Canvas(backend).into_drawing_area();
    draw(&area, &theme).map_err(|e| JsError::new(&e.to_string()))?;
    area.present().map_err(|e| JsError::new(&e.to_string()))
}

/// A pointer on a canvas: the canvas's backing-store size and pixel ratio, and the pointer's
/// position in backing-store pixels. Every hover read-out takes one (pass it by value: it is
/// used up by the call).
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pointer {
    /// The canvas's backing-store width, in pixels.
    pub width: u32,
    /// The canvas's backing-store height, in pixels.
    pub height: u32,
    /// Device pixels per CSS pixel.
    #[wasm_bindgen(js_name = pixelRatio)]
    pub pixel_ratio: f64,
    /// The pointer's x, in backing-store pixels from the left.
    pub x: f64,
    /// The pointer's y, in backing-store pixels from the top.
    pub y: f64,
}

#[wasm_bindgen]
impl Pointer {
    /// A pointer at `(x, y)` on a `width × height` canvas drawn at `pixelRatio`.
    #[wasm_bindgen(constructor)]
    pub fn new(width: u32, height: u32, pixel_ratio: f64, x: f64, y: f64) -> Pointer {
        Pointer {
            width,
            height,
            pixel_ratio,
            x,
            y,
        }
    }
}

impl Pointer {
    /// The theme the canvas was drawn with.
    pub(crate) fn theme(&self) -> Theme {
        Theme::light(self.pixel_ratio)
    }

    /// `(width, height)`.
    pub(crate) fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    /// `(x, y)`.
    pub(crate) fn at(&self) -> (f64, f64) {
        (self.x, self.y)
    }
}
