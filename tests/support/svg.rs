//! The shapes of an SVG drawn by the render tests: rectangles, polylines, polygons and
//! circles, read back from their tags with the attributes the tests look at.

use plotters::style::RGBColor;

use super::{attribute, hex, number, tags};

/// One `<rect>`; `fill` and `stroke` are empty when the tag has none.
#[derive(Debug, Clone, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub fill: String,
    pub stroke: String,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }

    pub fn centre(&self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }
}

/// Every `<rect>` of an SVG, in drawing order.
pub fn rects(svg: &str) -> Vec<Rect> {
    tags(svg, "rect")
        .into_iter()
        .map(|tag| Rect {
            x: number(tag, "x"),
            y: number(tag, "y"),
            width: number(tag, "width"),
            height: number(tag, "height"),
            fill: attribute(tag, "fill").unwrap_or("").to_string(),
            stroke: attribute(tag, "stroke").unwrap_or("").to_string(),
        })
        .collect()
}

/// A `<polyline>` (a path) or `<polygon>` (a filled shape). `fill` and `stroke` are empty
/// when the tag has none; `width` (`stroke-width`) is 0 and `opacity` 1 when it has none.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub points: Vec<(f64, f64)>,
    pub stroke: String,
    pub fill: String,
    pub width: f64,
    pub opacity: f64,
}

impl Shape {
    pub fn min_x(&self) -> f64 {
        self.points
            .iter()
            .map(|p| p.0)
            .fold(f64::INFINITY, f64::min)
    }

    /// The mean of the points.
    pub fn centre(&self) -> (f64, f64) {
        let n = self.points.len() as f64;
        let (x, y) = self
            .points
            .iter()
            .fold((0.0, 0.0), |(x, y), p| (x + p.0, y + p.1));
        (x / n, y / n)
    }

    pub fn is_vertical(&self) -> bool {
        self.points.iter().all(|p| p.0 == self.points[0].0)
    }

    pub fn is_horizontal(&self) -> bool {
        self.points.iter().all(|p| p.1 == self.points[0].1)
    }
}

fn shapes(svg: &str, name: &str) -> Vec<Shape> {
    tags(svg, name)
        .into_iter()
        .map(|tag| Shape {
            points: attribute(tag, "points")
                .expect("points")
                .split_whitespace()
                .map(|pair| {
                    let (x, y) = pair.split_once(',').expect("x,y");
                    (x.parse().expect("x"), y.parse().expect("y"))
                })
                .collect(),
            stroke: attribute(tag, "stroke").unwrap_or("").to_string(),
            fill: attribute(tag, "fill").unwrap_or("").to_string(),
            width: attribute(tag, "stroke-width").map_or(0.0, |w| w.parse().expect("width")),
            opacity: attribute(tag, "opacity").map_or(1.0, |o| o.parse().expect("opacity")),
        })
        .collect()
}

/// Every `<polyline>`, in drawing order.
pub fn polylines(svg: &str) -> Vec<Shape> {
    shapes(svg, "polyline")
}

/// Every `<polygon>`, in drawing order.
pub fn polygons(svg: &str) -> Vec<Shape> {
    shapes(svg, "polygon")
}

/// The rounded rectangles, such as a lab's cells: polygons of many points (arrowheads have
/// three).
pub fn rounded_rects(svg: &str) -> Vec<Shape> {
    polygons(svg)
        .into_iter()
        .filter(|p| p.points.len() >= 8)
        .collect()
}

/// The polylines stroked in `colour`.
pub fn polylines_in(svg: &str, colour: RGBColor) -> Vec<Shape> {
    polylines(svg)
        .into_iter()
        .filter(|p| p.stroke == hex(colour))
        .collect()
}

/// The polygons filled with `colour`.
pub fn polygons_in(svg: &str, colour: RGBColor) -> Vec<Shape> {
    polygons(svg)
        .into_iter()
        .filter(|p| p.fill == hex(colour))
        .collect()
}

/// Two-point polylines: edges, links and arrow shafts (outlines have many points).
pub fn segments(svg: &str) -> Vec<Shape> {
    polylines(svg)
        .into_iter()
        .filter(|l| l.points.len() == 2)
        .collect()
}

/// One `<circle>`; `fill` and `stroke` are empty when the tag has none.
#[derive(Debug, Clone, PartialEq)]
pub struct Circle {
    pub x: f64,
    pub y: f64,
    pub r: f64,
    pub fill: String,
    pub stroke: String,
}

/// Every `<circle>`, in drawing order.
pub fn circles(svg: &str) -> Vec<Circle> {
    tags(svg, "circle")
        .into_iter()
        .map(|tag| Circle {
            x: number(tag, "cx"),
            y: number(tag, "cy"),
            r: number(tag, "r"),
            fill: attribute(tag, "fill").unwrap_or("").to_string(),
            stroke: attribute(tag, "stroke").unwrap_or("").to_string(),
        })
        .collect()
}
