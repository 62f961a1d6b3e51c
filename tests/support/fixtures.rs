//! Reading the reference fixtures (`tests/fixtures/*.json`, written by the generators beside
//! them) and comparing with them, for the engine's reference tests
//! (`#[path = "support/fixtures.rs"] mod fixtures;`). Not every test file uses every helper.
#![allow(dead_code)]

use ndarray::{Array1, Array2};
use serde_json::Value;

/// `tests/fixtures/{name}`, parsed.
pub fn load(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{path} is readable"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not valid JSON: {e}"))
}

/// The fixture's list `key` (panics naming the key when there is none).
pub fn list<'a>(fixtures: &'a Value, key: &str) -> &'a [Value] {
    fixtures[key]
        .as_array()
        .unwrap_or_else(|| panic!("the fixture has no {key:?} list"))
}

/// A fixture number: `null` is `None`, `"inf"` and `"-inf"` are the infinities (JSON has none).
pub fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Null => None,
        Value::String(s) if s == "inf" => Some(f64::INFINITY),
        Value::String(s) if s == "-inf" => Some(f64::NEG_INFINITY),
        other => Some(
            other
                .as_f64()
                .unwrap_or_else(|| panic!("not a number: {other}")),
        ),
    }
}

/// Every number of a nested list, row-major (`null` is nothing).
pub fn flat(value: &Value) -> Vec<f64> {
    match value {
        Value::Array(items) => items.iter().flat_map(flat).collect(),
        other => number(other).into_iter().collect(),
    }
}

/// A list of numbers.
pub fn vector(value: &Value) -> Array1<f64> {
    Array1::from(flat(value))
}

/// A list of rows (`null` or `[]`: a 0 × 0 matrix).
pub fn matrix(value: &Value) -> Array2<f64> {
    let rows = value.as_array().map_or(0, Vec::len);
    let values = flat(value);
    let cols = values.len().checked_div(rows).unwrap_or(0);
    Array2::from_shape_vec((rows, cols), values).expect("the rows have equal lengths")
}

/// A list of indices.
pub fn indices(value: &Value) -> Vec<usize> {
    flat(value).into_iter().map(|x| x as usize).collect()
}

/// A list of strings.
pub fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().expect("a string").to_string())
        .collect()
}

/// Float32 values widened, to compare with a fixture's.
pub fn widen<'a>(values: impl IntoIterator<Item = &'a f32>) -> Vec<f64> {
    values.into_iter().map(|&x| f64::from(x)).collect()
}

/// `got == want` (so equal infinities match), or both finite and
/// `|got − want| ≤ tolerance · max(1, |want|)`: absolute below 1, relative above.
pub fn close(got: f64, want: f64, tolerance: f64) -> bool {
    got == want
        || (got.is_finite()
            && want.is_finite()
            && (got - want).abs() <= tolerance * want.abs().max(1.0))
}

/// `max_i |ours_i − theirs_i|` and where (0 for empty lists; NaN where a difference is NaN).
pub fn largest_difference(ours: &[f64], theirs: &[f64]) -> (f64, usize) {
    ours.iter()
        .zip(theirs)
        .map(|(a, b)| (a - b).abs())
        .enumerate()
        .fold((0.0, 0), |best, (i, d)| {
            if d > best.0 || d.is_nan() {
                (d, i)
            } else {
                best
            }
        })
}

/// What a difference between two arrays is measured against.
#[derive(Debug, Clone, Copy)]
pub enum Scale {
    /// The difference itself.
    Absolute,
    /// The reference's largest magnitude, but never below `floor`.
    Largest {
        /// The smallest scale.
        floor: f64,
    },
}

/// Every difference beyond tolerance, collected so that one failure lists them all, with the
/// largest scaled difference and the number of checks.
#[derive(Debug, Default)]
pub struct Failures {
    list: Vec<String>,
    largest: f64,
    checked: usize,
}

impl Failures {
    /// Records a failure.
    pub fn push(&mut self, message: String) {
        self.list.push(message);
    }

    /// Counts one check whose scaled difference was `difference`.
    pub fn note(&mut self, difference: f64) {
        self.checked += 1;
        if !difference.is_nan() {
            self.largest = self.largest.max(difference);
        }
    }

    /// True when nothing failed yet.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The failures so far.
    pub fn messages(&self) -> &[String] {
        &self.list
    }

    /// Moves `other`'s failures and counts into these.
    pub fn extend(&mut self, other: Failures) {
        self.list.extend(other.list);
        self.largest = self.largest.max(other.largest);
        self.checked += other.checked;
    }

    /// Compares `ours` with `theirs`: a failure when the lengths differ, a value of ours is not
    /// finite, or the largest difference exceeds `tolerance` on `scale`. Returns the largest
    /// difference on the scale.
    pub fn arrays(
        &mut self,
        what: &str,
        ours: &[f64],
        theirs: &[f64],
        tolerance: f64,
        scale: Scale,
    ) -> f64 {
        self.arrays_at(what, ours, theirs, (tolerance, scale), &|i| i.to_string())
    }

    /// [`Failures::arrays`], naming the place of the largest difference with `locate` (e.g.
    /// "step 2 unit 3" for a flat index).
    pub fn arrays_at(
        &mut self,
        what: &str,
        ours: &[f64],
        theirs: &[f64],
        (tolerance, scale): (f64, Scale),
        locate: &dyn Fn(usize) -> String,
    ) -> f64 {
        if ours.len() != theirs.len() {
            self.note(f64::INFINITY);
            self.push(format!(
                "{what}: {} values, the reference has {}",
                ours.len(),
                theirs.len()
            ));
            return f64::INFINITY;
        }
        let unit = match scale {
            Scale::Absolute => 1.0,
            Scale::Largest { floor } => theirs.iter().fold(floor, |m, x| m.max(x.abs())),
        };
        let (worst, at) = largest_difference(ours, theirs);
        let scaled = worst / unit;
        self.note(scaled);
        if scaled.is_nan() || scaled > tolerance || ours.iter().any(|x| !x.is_finite()) {
            self.push(format!(
                "{what}: largest difference {worst:e} at {} (ours {}, reference {}; scale \
                 {unit:e}, tolerance {:e})",
                locate(at),
                ours[at],
                theirs[at],
                tolerance * unit
            ));
        }
        scaled
    }

    /// Compares two numbers with [`close`]; `None` matches only `None`.
    pub fn numbers(&mut self, what: &str, got: Option<f64>, want: Option<f64>, tolerance: f64) {
        let ok = match (got, want) {
            (None, None) => true,
            (Some(g), Some(w)) => {
                if g.is_finite() && w.is_finite() {
                    self.note((g - w).abs() / w.abs().max(1.0));
                } else {
                    self.note(0.0);
                }
                close(g, w, tolerance)
            }
            _ => false,
        };
        if !ok {
            self.push(format!("{what} = {got:?}, expected {want:?}"));
        }
    }

    /// Compares two numbers relative to `want`: `|got − want| / |want| ≤ tolerance` (equal
    /// numbers, infinities included, always match).
    pub fn relative(&mut self, what: &str, got: f64, want: f64, tolerance: f64) {
        let difference = if got == want {
            0.0
        } else {
            (got - want).abs() / want.abs()
        };
        self.note(difference);
        if difference.is_nan() || difference > tolerance {
            self.push(format!(
                "{what} = {got:e}, expected {want:e} (relative {difference:e})"
            ));
        }
    }

    /// Records a failure unless `got == want`.
    pub fn equal<T: PartialEq + std::fmt::Debug>(&mut self, what: &str, got: T, want: T) {
        self.note(0.0);
        if got != want {
            self.push(format!("{what} = {got:?}, expected {want:?}"));
        }
    }

    /// Fails listing every difference from `reference` (after printing how many checks ran
    /// and the largest scaled difference).
    pub fn finish(self, reference: &str) {
        eprintln!(
            "{reference}: {} checks, largest scaled difference {:e}",
            self.checked, self.largest
        );
        assert!(
            self.list.is_empty(),
            "{} differences from {reference} (largest scaled difference {:e}):\n{}",
            self.list.len(),
            self.largest,
            self.list.join("\n")
        );
    }
}
