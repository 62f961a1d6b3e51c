//! Geometry: splitting a span into equal parts, finding the part or the point under a pointer,
//! and shapes.

use crate::render::Theme;

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

/// Where `k`-th of `count` equal parts of `[from, to]` starts, in whole pixels, so the parts
/// tile the interval exactly.
pub(crate) fn split(from: i32, to: i32, count: usize, k: usize) -> i32 {
    from + ((to - from) as f64 * k as f64 / count.max(1) as f64).round() as i32
}

/// The centre of the `k`-th of `count` equal parts of `[from, to]` (as split by [`split`]).
pub(crate) fn part_centre(from: i32, to: i32, count: usize, k: usize) -> i32 {
    (split(from, to, count, k) + split(from, to, count, k + 1)) / 2
}

/// Of `points` (each a key and its pixel), the key of the one nearest to a pointer at
/// `(x, y)` when it lies within `radius` pixels (the first of equally near ones).
pub(crate) fn nearest<T>(
    points: impl Iterator<Item = (T, (i32, i32))>,
    (x, y): (f64, f64),
    radius: f64,
) -> Option<T> {
    points
        .map(|(key, (px, py))| ((f64::from(px) - x).hypot(f64::from(py) - y), key))
        .filter(|(distance, _)| *distance <= radius)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, key)| key)
}

/// The part `k` of `count` equal parts of `[from, to)` (as split by [`split`]) holding `x`.
pub(crate) fn part_at(from: i32, to: i32, count: usize, x: f64) -> Option<usize> {
    if count == 0 || !x.is_finite() || x < f64::from(from) || x >= f64::from(to) {
        return None;
    }
    let guess = ((x - f64::from(from)) / f64::from((to - from).max(1)) * count as f64) as usize;
    let mut k = guess.min(count - 1);
    while k > 0 && x < f64::from(split(from, to, count, k)) {
        k -= 1;
    }
    while k + 1 < count && x >= f64::from(split(from, to, count, k + 1)) {
        k += 1;
    }
    Some(k)
}

/// A triangle pointing up, centred on `centre`, `half` pixels from the centre to each side.
pub(crate) fn triangle((x, y): (i32, i32), half: i32, theme: &Theme) -> Vec<(i32, i32)> {
    let lift = theme.px(1.0).min(half / 2);
    vec![
        (x, y - half - lift),
        (x + half, y + half - lift),
        (x - half, y + half - lift),
    ]
}
