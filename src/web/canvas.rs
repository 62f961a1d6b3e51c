//! Drawing engine records on a page canvas through the generic render functions.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::render::{RenderError, Theme};

/// Runs `draw` on the whole canvas (its backing store, sized by the page to CSS size × DPR).
pub(crate) fn draw_on(
    canvas: HtmlCanvasElement,
    pixel_ratio: f64,
    draw: impl FnOnce(
        &DrawingArea<CanvasBackend, plotters::coord::Shift>,
        &Theme,
    ) -> Result<(), RenderError>,
) -> Result<(), JsError> {
    if canvas.width() == 0 || canvas.height() == 0 {
        return Ok(());
    }
    let backend = CanvasBackend::with_canvas_object(canvas)
        .ok_or_else(|| JsError::new("this canvas has no 2D drawing context"))?;
    let area = backend.into_drawing_area();
    let theme = Theme::light(pixel_ratio);
    draw(&area, &theme).map_err(|e| JsError::new(&e.to_string()))
}
