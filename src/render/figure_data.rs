//! The numbers behind a figure: while a figure is exported, each chart records what it plots
//! (series of points, matrices with their row and column names, labelled values) as it draws
//! it, so the data file holds exactly the numbers of the drawing beside it. Outside an export
//! nothing is recorded and nothing is built (every record is made by a closure only then).

use std::cell::RefCell;

use ndarray::ArrayView2;
use serde_json::{json, Map, Value};

thread_local! {
    /// The records of the figure being exported (`None`: not exporting).
    static SINK: RefCell<Option<Vec<Value>>> = const { RefCell::new(None) };
}

/// Starts recording (a figure export begins).
pub fn begin() {
    SINK.with(|s| *s.borrow_mut() = Some(Vec::new()));
}

/// Stops recording and returns what was recorded, in drawing order.
pub fn finish() -> Vec<Value> {
    SINK.with(|s| s.borrow_mut().take()).unwrap_or_default()
}

/// Runs `draw` with recording on and returns its result and the records (for tests and for
/// callers that draw once to export).
pub fn collect<T>(draw: impl FnOnce() -> T) -> (T, Vec<Value>) {
    begin();
    let out = draw();
    (out, finish())
}

/// The data file: `{"figure": [record, …]}`, each record an object with a `kind`.
pub fn to_json(records: &[Value]) -> String {
    let mut top = Map::new();
    top.insert("figure".to_string(), Value::Array(records.to_vec()));
    serde_json::to_string_pretty(&Value::Object(top)).unwrap_or_else(|_| "{}".to_string())
}

/// Whether a figure is being exported.
pub(crate) fn recording() -> bool {
    SINK.with(|s| s.borrow().is_some())
}

/// Records what `make` builds, when a figure is being exported.
pub(crate) fn record(make: impl FnOnce() -> Value) {
    if recording() {
        let value = make();
        SINK.with(|s| {
            if let Some(records) = s.borrow_mut().as_mut() {
                records.push(value);
            }
        });
    }
}

/// A number for JSON: finite values as they are, others as `null`.
pub(crate) fn number(value: f64) -> Value {
    if value.is_finite() {
        json!(value)
    } else {
        Value::Null
    }
}

/// A list of numbers for JSON (non-finite ones `null`).
pub(crate) fn numbers(values: impl IntoIterator<Item = f64>) -> Value {
    Value::Array(values.into_iter().map(number).collect())
}

/// A series record: `{kind: "series", title, x, y, name, points: [[x, y], …]}`.
pub(crate) fn series(
    title: &str,
    (x_label, y_label): (&str, &str),
    name: &str,
    points: impl IntoIterator<Item = (f64, f64)>,
) -> Value {
    let points: Vec<Value> = points
        .into_iter()
        .map(|(x, y)| Value::Array(vec![number(x), number(y)]))
        .collect();
    json!({ "kind": "series", "title": title, "x": x_label, "y": y_label, "name": name, "points": points })
}

/// Records a named line of points: `{kind: "series", title, x, y, name, points: [[x, y], …]}`.
pub(crate) fn record_series(
    title: &str,
    axes: (&str, &str),
    name: &str,
    points: impl IntoIterator<Item = (f64, f64)>,
) {
    record(|| series(title, axes, name, points));
}

/// A matrix record: `{kind: "matrix", title, rows: [names], columns: [names], values: [[…]]}`
/// with `values[r][c] = cell(r, c)` for every row and column name (for a matrix drawn in
/// another orientation than it is stored, or one built cell by cell).
pub(crate) fn matrix(
    title: &str,
    rows: &[String],
    columns: &[String],
    cell: impl Fn(usize, usize) -> f64,
) -> Value {
    let values: Vec<Value> = (0..rows.len())
        .map(|r| numbers((0..columns.len()).map(|c| cell(r, c))))
        .collect();
    json!({ "kind": "matrix", "title": title, "rows": rows, "columns": columns, "values": values })
}

/// Records a matrix: `{kind: "matrix", title, rows: [names], columns: [names], values: [[…]]}`
/// (`values[r][c]` is the cell at row `r`, column `c`, as drawn).
pub(crate) fn record_matrix<T: Copy + Into<f64>>(
    title: &str,
    rows: &[String],
    columns: &[String],
    values: ArrayView2<T>,
) {
    record(|| {
        let values: Vec<Value> = values
            .rows()
            .into_iter()
            .map(|row| numbers(row.iter().map(|&v| v.into())))
            .collect();
        json!({ "kind": "matrix", "title": title, "rows": rows, "columns": columns, "values": values })
    });
}

/// A table record: `{kind: "table", title, columns: [names], rows: [[cells]]}`.
pub(crate) fn table(title: &str, columns: &[&str], rows: Vec<Vec<Value>>) -> Value {
    json!({ "kind": "table", "title": title, "columns": columns, "rows": rows })
}

/// `record` (an object) with `fields` added to it.
pub(crate) fn with_fields(mut record: Value, fields: Vec<(&str, Value)>) -> Value {
    if let Some(object) = record.as_object_mut() {
        for (name, value) in fields {
            object.insert(name.to_string(), value);
        }
    }
    record
}

/// A number or, when there is none, `null`.
pub(crate) fn optional(value: Option<f64>) -> Value {
    value.map_or(Value::Null, number)
}

/// Records named values: `{kind: "values", title, values: {name: number, …}}` (a JSON
/// object, so its names come out in alphabetical order).
pub(crate) fn record_values(title: &str, values: &[(&str, f64)]) {
    record(|| {
        let mut map = Map::new();
        for &(name, value) in values {
            map.insert(name.to_string(), number(value));
        }
        json!({ "kind": "values", "title": title, "values": Value::Object(map) })
    });
}

/// Records a table: `{kind: "table", title, columns: [names], rows: [[cells]]}` (cells are
/// numbers or text), its rows made by `rows` only while a figure is exported.
pub(crate) fn record_table(title: &str, columns: &[&str], rows: impl FnOnce() -> Vec<Vec<Value>>) {
    record(|| table(title, columns, rows()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_recorded_outside_an_export() {
        let _ = finish();
        record(|| panic!("built outside an export"));
        let ((), records) = collect(|| record_values("v", &[("a", 1.5), ("b", f64::NAN)]));
        assert_eq!(
            records,
            vec![json!({"kind": "values", "title": "v", "values": {"a": 1.5, "b": null}})]
        );
        assert!(!recording());
        assert!(to_json(&records).contains("\"figure\""));
    }
}
