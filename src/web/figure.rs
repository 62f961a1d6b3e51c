//! Figures that leave the page: every chart is drawn by one render function, on the canvas or,
//! while a figure is being captured, into an SVG document of the canvas's CSS size, with the
//! numbers it plots recorded beside it (render's figure data). The page asks for a figure by
//! calling [`begin_figure`], running the chart's own draw call again and then
//! [`finish_figure`]: the SVG is what the canvas shows, selection and hover state included,
//! because the same call with the same arguments drew both.

use std::cell::RefCell;

use plotters::prelude::*;
use plotters_backend::{BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};
use wasm_bindgen::prelude::*;

use crate::render::figure_data;
use crate::web::rect_batch::{inner, BatchedCanvas, CanvasError};

/// The page's drawing backend: the canvas, or an SVG document while a figure is captured.
pub enum PageBackend<'a> {
    /// A page canvas.
    Canvas(BatchedCanvas),
    /// An SVG document being written.
    Svg(SVGBackend<'a>),
}

/// Runs the same call on whichever backend this is.
macro_rules! each {
    ($self:ident, $b:ident => $call:expr) => {
        match $self {
            PageBackend::Canvas($b) => $call,
            PageBackend::Svg($b) => inner($call),
        }
    };
}

impl DrawingBackend for PageBackend<'_> {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        match self {
            PageBackend::Canvas(b) => b.get_size(),
            PageBackend::Svg(b) => b.get_size(),
        }
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        each!(self, b => b.ensure_prepared())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        each!(self, b => b.present())
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: plotters_backend::BackendColor,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        each!(self, b => b.draw_pixel(point, color))
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        each!(self, b => b.draw_line(from, to, style))
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        each!(self, b => b.draw_rect(upper_left, bottom_right, style, fill))
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        each!(self, b => b.draw_path(path, style))
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        each!(self, b => b.draw_circle(center, radius, style, fill))
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        each!(self, b => b.fill_polygon(vert, style))
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        each!(self, b => b.draw_text(text, style, pos))
    }

    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        match self {
            PageBackend::Canvas(b) => b.estimate_text_size(text, style),
            PageBackend::Svg(b) => {
                let size = b.estimate_text_size(text, style);
                size.map_err(|e| match e {
                    DrawingErrorKind::DrawingError(e) => {
                        DrawingErrorKind::DrawingError(CanvasError::new(e.to_string()))
                    }
                    DrawingErrorKind::FontError(e) => DrawingErrorKind::FontError(e),
                })
            }
        }
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        each!(self, b => b.blit_bitmap(pos, size, src))
    }
}

/// A figure being captured: its size in CSS pixels, and what the draw call wrote.
struct Capture {
    width: u32,
    height: u32,
    svg: Option<String>,
}

thread_local! {
    /// The figure being captured (`None`: draw calls go to their canvas).
    static CAPTURE: RefCell<Option<Capture>> = const { RefCell::new(None) };
}

/// Starts capturing a figure of `width × height` CSS pixels: the next chart draw call (with
/// pixel ratio 1) writes an SVG document and records its numbers instead of drawing on its
/// canvas. Call [`finish_figure`] after it.
#[wasm_bindgen(js_name = beginFigure)]
pub fn begin_figure(width: u32, height: u32) -> Result<(), JsError> {
    if width == 0 || height == 0 || width > 20_000 || height > 20_000 {
        return Err(JsError::new(&format!(
            "a figure of {width} × {height} px cannot be exported"
        )));
    }
    CAPTURE.with(|c| {
        *c.borrow_mut() = Some(Capture {
            width,
            height,
            svg: None,
        })
    });
    figure_data::begin();
    Ok(())
}

/// What a captured figure holds: its SVG document and, as JSON, the numbers it plots.
#[wasm_bindgen(getter_with_clone)]
pub struct FigureFiles {
    /// The SVG document, exactly what the canvas shows.
    pub svg: String,
    /// The numbers behind the figure, as JSON: `{ "figure": [ {kind, title, …}, … ] }`.
    pub data: String,
}

/// Ends the capture [`begin_figure`] started; fails when no chart was drawn meanwhile.
#[wasm_bindgen(js_name = finishFigure)]
pub fn finish_figure() -> Result<FigureFiles, JsError> {
    let capture = CAPTURE.with(|c| c.borrow_mut().take());
    let data = figure_data::finish();
    let svg = capture
        .and_then(|c| c.svg)
        .ok_or_else(|| JsError::new("no chart was drawn while the figure was captured"))?;
    Ok(FigureFiles {
        svg,
        data: figure_data::to_json(&data),
    })
}

/// The size of the figure being captured, when one is and nothing has been drawn into it yet.
pub(crate) fn capturing() -> Option<(u32, u32)> {
    CAPTURE.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|c| c.svg.is_none())
            .map(|c| (c.width, c.height))
    })
}

/// Keeps the SVG document a captured draw call wrote.
pub(crate) fn keep_svg(svg: String) {
    CAPTURE.with(|c| {
        if let Some(capture) = c.borrow_mut().as_mut() {
            capture.svg = Some(svg);
        }
    });
}
