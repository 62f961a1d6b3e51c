//! The page's canvas backend: plotters-canvas's drawing calls, made cheaper in two ways that
//! keep every pixel the same.
//!
//! - Runs of opaque filled rectangles (heat-map cells, lattice squares) are painted into one
//!   pixel buffer and put on the canvas with one `drawImage`, instead of one `fillStyle` string
//!   and one `fillRect` each: an opaque axis-aligned rectangle with integer corners covers
//!   exactly the pixels `[x0, x1) × [y0, y1)` either way. A heat map of 200 timesteps × 128
//!   units took about 30 ms through `fillRect`, most of it parsing colour strings.
//! - The context's fill, stroke and text state is set only when it changes: the browser parses
//!   every colour and font string it is given, and the unrolled network sets about 1 600 of them
//!   per drawing, most of them the same.
//!
//! The hot calls (rectangles, lines, paths, polygons, text) are plotters-canvas 0.3.1's own
//! code with the state cached (same strings, same half-pixel offsets of horizontal and vertical
//! lines); the rest (circles, pixels, bitmaps, the size) go to plotters-canvas itself. A test in
//! Chromium (tests/web.rs) draws every chart both ways and compares the pixels.

use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontTransform,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// Fewer pending rectangles than this are drawn one by one (a buffer would cost more).
const BATCH_FROM: usize = 64;

/// What went wrong drawing on the canvas (plotters-canvas's own error, as text).
#[derive(Debug)]
pub struct CanvasError(String);

impl std::fmt::Display for CanvasError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CanvasError {}

impl CanvasError {
    /// An error with `message`.
    pub(crate) fn new(message: String) -> CanvasError {
        CanvasError(message)
    }
}

/// plotters-canvas's result with its error as text.
pub(crate) fn inner<E: std::error::Error + Send + Sync>(
    result: Result<(), DrawingErrorKind<E>>,
) -> Result<(), DrawingErrorKind<CanvasError>> {
    result.map_err(|e| match e {
        DrawingErrorKind::DrawingError(e) => {
            DrawingErrorKind::DrawingError(CanvasError(e.to_string()))
        }
        DrawingErrorKind::FontError(e) => DrawingErrorKind::FontError(e),
    })
}

/// One pending opaque rectangle: `[x0, y0, x1, y1)` in backing-store pixels and its colour.
#[derive(Debug, Clone, Copy)]
struct Rect {
    x0: i32,
    y0: i32,
    x1: i32,
    y1: i32,
    rgb: (u8, u8, u8),
}

/// A colour as plotters-canvas writes it for the context.
type Colour = ((u8, u8, u8), f64);

/// The page's canvas backend (see the module's notes): plotters-canvas with opaque filled
/// rectangles batched and the context's state cached. Dropping it draws what is pending.
pub struct BatchedCanvas {
    inner: CanvasBackend,
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
    pending: Vec<Rect>,
    /// The fill colour last set on the context (`None`: unknown).
    fill: Option<Colour>,
    /// The stroke colour and line width last set.
    stroke: Option<(Colour, u32)>,
    /// The font, alignment and baseline last set.
    text: Option<(String, &'static str, &'static str)>,
}

/// plotters-canvas's colour string.
fn css(((r, g, b), alpha): Colour) -> String {
    format!("rgba({r},{g},{b},{alpha})")
}

/// A style's colour.
fn colour_of<S: BackendStyle>(style: &S) -> Colour {
    let c = style.color();
    (c.rgb, c.alpha)
}

/// plotters-canvas's half-pixel shift of horizontal and vertical lines (so they are sharp).
fn fine_hor_ver_lines(from: BackendCoord, end: BackendCoord) -> ((f64, f64), (f64, f64)) {
    let mut from = (f64::from(from.0), f64::from(from.1));
    let mut end = (f64::from(end.0), f64::from(end.1));
    if from.0 == end.0 {
        from.0 -= 0.5;
        end.0 -= 0.5;
    }
    if from.1 == end.1 {
        from.1 -= 0.5;
        end.1 -= 0.5;
    }
    (from, end)
}

impl BatchedCanvas {
    /// The backend for `canvas`, or `None` when it has no 2D context.
    pub fn new(canvas: HtmlCanvasElement) -> Option<BatchedCanvas> {
        let context = canvas
            .get_context("2d")
            .ok()??
            .dyn_into::<CanvasRenderingContext2d>()
            .ok()?;
        let inner = CanvasBackend::with_canvas_object(canvas.clone())?;
        Some(BatchedCanvas {
            inner,
            canvas,
            context,
            pending: Vec::new(),
            fill: None,
            stroke: None,
            text: None,
        })
    }

    /// Forgets the context's state (plotters-canvas set it, or `restore()` brought back another).
    fn forget_state(&mut self) {
        (self.fill, self.stroke, self.text) = (None, None, None);
    }

    /// Sets the fill colour unless it is set already.
    fn set_fill(&mut self, colour: Colour) {
        if self.fill != Some(colour) {
            self.context.set_fill_style_str(&css(colour));
            self.fill = Some(colour);
        }
    }

    /// Sets the stroke colour and line width unless they are set already.
    fn set_stroke<S: BackendStyle>(&mut self, style: &S) {
        let wanted = (colour_of(style), style.stroke_width());
        if self.stroke != Some(wanted) {
            self.context.set_stroke_style_str(&css(wanted.0));
            self.context.set_line_width(f64::from(wanted.1));
            self.stroke = Some(wanted);
        }
    }

    /// Draws the pending rectangles, in order, and empties the list.
    fn flush(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        if pending.len() < BATCH_FROM {
            for r in &pending {
                self.set_fill((r.rgb, 1.0));
                self.context.fill_rect(
                    f64::from(r.x0),
                    f64::from(r.y0),
                    f64::from(r.x1 - r.x0),
                    f64::from(r.y1 - r.y0),
                );
            }
            return Ok(());
        }
        let (width, height) = (self.canvas.width() as i32, self.canvas.height() as i32);
        let clip = |r: &Rect| {
            [
                r.x0.clamp(0, width),
                r.y0.clamp(0, height),
                r.x1.clamp(0, width),
                r.y1.clamp(0, height),
            ]
        };
        let (mut left, mut top, mut right, mut bottom) = (width, height, 0, 0);
        for r in &pending {
            let [x0, y0, x1, y1] = clip(r);
            if x0 < x1 && y0 < y1 {
                left = left.min(x0);
                top = top.min(y0);
                right = right.max(x1);
                bottom = bottom.max(y1);
            }
        }
        if left >= right || top >= bottom {
            return Ok(());
        }
        let (w, h) = ((right - left) as usize, (bottom - top) as usize);
        // Transparent where no rectangle is, so what is under the buffer shows through.
        let mut pixels = vec![0u8; w * h * 4];
        for r in &pending {
            let [x0, y0, x1, y1] = clip(r);
            if x0 >= x1 || y0 >= y1 {
                continue;
            }
            let texel = [r.rgb.0, r.rgb.1, r.rgb.2, 255];
            for y in (y0 - top) as usize..(y1 - top) as usize {
                let row = &mut pixels
                    [(y * w + (x0 - left) as usize) * 4..(y * w + (x1 - left) as usize) * 4];
                for px in row.chunks_exact_mut(4) {
                    px.copy_from_slice(&texel);
                }
            }
        }
        let image =
            ImageData::new_with_u8_clamped_array_and_sh(Clamped(&pixels), w as u32, h as u32)
                .map_err(js_error)?;
        let scratch = scratch_canvas(w as u32, h as u32).map_err(js_error)?;
        let scratch_context = scratch
            .get_context("2d")
            .map_err(js_error)?
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
            .ok_or_else(|| js_error("no 2D context for the scratch canvas".into()))?;
        scratch_context
            .put_image_data(&image, 0.0, 0.0)
            .map_err(js_error)?;
        self.context
            .draw_image_with_html_canvas_element(&scratch, f64::from(left), f64::from(top))
            .map_err(js_error)
    }
    /// plotters-canvas's `draw_text`, setting the font, colour, alignment and baseline only
    /// when they change.
    fn draw_text_cached<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let degree = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 90.0,
            FontTransform::Rotate180 => 180.0,
            FontTransform::Rotate270 => 270.0,
        } / 180.0
            * std::f64::consts::PI;
        let (mut x, mut y) = (f64::from(pos.0), f64::from(pos.1));
        if degree != 0.0 {
            self.context.save();
            self.context.translate(x, y).map_err(js_error)?;
            self.context.rotate(degree).map_err(js_error)?;
            (x, y) = (0.0, 0.0);
        }
        let baseline = match style.anchor().v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        let align = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        };
        let font = format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str()
        );
        let wanted = (font, align, baseline);
        if self.text.as_ref() != Some(&wanted) {
            self.context.set_text_baseline(baseline);
            self.context.set_text_align(align);
            self.context.set_font(&wanted.0);
            self.text = Some(wanted);
        }
        self.set_fill((color.rgb, color.alpha));
        self.context.fill_text(text, x, y).map_err(js_error)?;
        if degree != 0.0 {
            // restore() brings back the state saved before the rotation.
            self.context.restore();
            self.forget_state();
        }
        Ok(())
    }
}

/// A JavaScript error as a drawing error.
fn js_error(value: wasm_bindgen::JsValue) -> DrawingErrorKind<CanvasError> {
    let message = value.as_string().unwrap_or_else(|| format!("{value:?}"));
    DrawingErrorKind::DrawingError(CanvasError(message))
}

thread_local! {
    /// One off-screen canvas reused for every batch (made on first use).
    static SCRATCH: std::cell::RefCell<Option<HtmlCanvasElement>> = const { std::cell::RefCell::new(None) };
}

/// The scratch canvas, sized `width × height` (cleared: resizing a canvas clears it).
fn scratch_canvas(width: u32, height: u32) -> Result<HtmlCanvasElement, wasm_bindgen::JsValue> {
    SCRATCH.with(|cell| {
        let mut slot = cell.borrow_mut();
        let canvas = match slot.as_ref() {
            Some(canvas) => canvas.clone(),
            None => {
                let document = web_sys::window()
                    .and_then(|w| w.document())
                    .ok_or_else(|| wasm_bindgen::JsValue::from_str("no document"))?;
                let canvas = document
                    .create_element("canvas")?
                    .dyn_into::<HtmlCanvasElement>()?;
                *slot = Some(canvas.clone());
                canvas
            }
        };
        canvas.set_width(width);
        canvas.set_height(height);
        Ok(canvas)
    })
}

impl Drop for BatchedCanvas {
    /// Draws what is still pending (a drawing that never called `present`).
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

impl DrawingBackend for BatchedCanvas {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush()?;
        self.forget_state();
        inner(self.inner.draw_pixel(point, color))
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.flush()?;
        let (from, to) = fine_hor_ver_lines(from, to);
        self.set_stroke(style);
        self.context.begin_path();
        self.context.move_to(from.0, from.1);
        self.context.line_to(to.0, to.1);
        self.context.stroke();
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        if fill && colour.alpha >= 1.0 {
            let (x0, x1) = (
                upper_left.0.min(bottom_right.0),
                upper_left.0.max(bottom_right.0),
            );
            let (y0, y1) = (
                upper_left.1.min(bottom_right.1),
                upper_left.1.max(bottom_right.1),
            );
            self.pending.push(Rect {
                x0,
                y0,
                x1,
                y1,
                rgb: colour.rgb,
            });
            return Ok(());
        }
        self.flush()?;
        let (x, y) = (f64::from(upper_left.0), f64::from(upper_left.1));
        let (w, h) = (
            f64::from(bottom_right.0 - upper_left.0),
            f64::from(bottom_right.1 - upper_left.1),
        );
        if fill {
            self.set_fill(colour_of(style));
            self.context.fill_rect(x, y, w, h);
        } else {
            self.set_stroke(style);
            self.context.stroke_rect(x, y, w, h);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.flush()?;
        let mut path = path.into_iter();
        self.context.begin_path();
        if let Some(start) = path.next() {
            self.set_stroke(style);
            self.context.move_to(f64::from(start.0), f64::from(start.1));
            for next in path {
                self.context.line_to(f64::from(next.0), f64::from(next.1));
            }
        }
        self.context.stroke();
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush()?;
        self.forget_state();
        inner(self.inner.draw_circle(center, radius, style, fill))
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.flush()?;
        let mut path = vert.into_iter();
        self.context.begin_path();
        if let Some(start) = path.next() {
            self.set_fill(colour_of(style));
            self.context.move_to(f64::from(start.0), f64::from(start.1));
            for next in path {
                self.context.line_to(f64::from(next.0), f64::from(next.1));
            }
            self.context.close_path();
        }
        self.context.fill();
        Ok(())
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush()?;
        self.draw_text_cached(text, style, pos)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush()?;
        self.forget_state();
        inner(self.inner.blit_bitmap(pos, size, src))
    }
}
