//! Export for the TensorFlow Embedding Projector (projector.tensorflow.org, "Load"): two
//! tab-separated files that line up row by row.

use ndarray::ArrayView2;

/// `vectors.tsv`: one line per word, its `D` values separated by tabs, no header. Values are
/// written in Rust's shortest form that reads back to the same `f64`.
pub fn vectors_tsv(embeddings: ArrayView2<f64>) -> String {
    let mut out = String::new();
    for row in embeddings.rows() {
        let line: Vec<String> = row.iter().map(|v| v.to_string()).collect();
        out.push_str(&line.join("\t"));
        out.push('\n');
    }
    out
}

/// `metadata.tsv`: one word per line, in the order of the vectors. A single-column metadata
/// file has no header line (the Projector reads a header only when there are two or more
/// columns). Tabs and line breaks inside a word would break the format, so they become
/// spaces.
pub fn metadata_tsv<S: AsRef<str>>(words: &[S]) -> String {
    let mut out = String::new();
    for word in words {
        out.extend(word.as_ref().chars().map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c => c,
        }));
        out.push('\n');
    }
    out
}
