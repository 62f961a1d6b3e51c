//! Shapes several drawings share.

/// A rounded rectangle as a polygon (four points per corner).
pub(crate) fn rounded(x0: i32, y0: i32, x1: i32, y1: i32, radius: i32) -> Vec<(i32, i32)> {
    let r = f64::from(radius.min((x1 - x0) / 3).min((y1 - y0) / 3).max(0));
    let corners = [
        (f64::from(x1) - r, f64::from(y0) + r, -90.0),
        (f64::from(x1) - r, f64::from(y1) - r, 0.0),
        (f64::from(x0) + r, f64::from(y1) - r, 90.0),
        (f64::from(x0) + r, f64::from(y0) + r, 180.0),
    ];
    let mut points = Vec::with_capacity(16);
    for (cx, cy, start) in corners {
        for k in 0..4 {
            let angle = (start + 30.0 * f64::from(k)).to_radians();
            points.push((
                (cx + r * angle.cos()).round() as i32,
                (cy + r * angle.sin()).round() as i32,
            ));
        }
    }
    points
}
