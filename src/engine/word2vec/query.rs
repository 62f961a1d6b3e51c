//! Reading the embeddings: cosine similarity, nearest neighbours and analogies.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

use crate::engine::Error;

/// A word and how close it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbour {
    /// Word id.
    pub id: usize,
    /// Cosine similarity to the query, in `[−1, 1]`.
    pub cosine: f64,
}

/// `a·b / (|a| |b|)`; 0 when either vector is zero (e.g. an untrained row of W′).
pub fn cosine(a: ArrayView1<f64>, b: ArrayView1<f64>) -> f64 {
    let norms = a.dot(&a).sqrt() * b.dot(&b).sqrt();
    if norms > 0.0 {
        a.dot(&b) / norms
    } else {
        0.0
    }
}

/// The rows of `embeddings` scaled to length 1 (zero rows stay zero).
pub fn unit_rows(embeddings: ArrayView2<f64>) -> Array2<f64> {
    let mut unit = embeddings.to_owned();
    for mut row in unit.axis_iter_mut(Axis(0)) {
        let norm = row.dot(&row).sqrt();
        if norm > 0.0 {
            row.mapv_inplace(|x| x / norm);
        }
    }
    unit
}

fn check_id(embeddings: &ArrayView2<f64>, id: usize) -> Result<(), Error> {
    if id < embeddings.nrows() {
        Ok(())
    } else {
        Err(Error::Mismatch(format!(
            "word id {id} is outside the vocabulary of {} words",
            embeddings.nrows()
        )))
    }
}

/// The `k` rows most cosine-similar to `target`, except `excluded`; highest first, ties by
/// id.
fn closest(
    embeddings: ArrayView2<f64>,
    target: ArrayView1<f64>,
    excluded: &[usize],
    k: usize,
) -> Vec<Neighbour> {
    let mut all: Vec<Neighbour> = embeddings
        .rows()
        .into_iter()
        .enumerate()
        .filter(|(id, _)| !excluded.contains(id))
        .map(|(id, row)| Neighbour {
            id,
            cosine: cosine(row, target),
        })
        .collect();
    all.sort_by(|a, b| b.cosine.total_cmp(&a.cosine).then(a.id.cmp(&b.id)));
    all.truncate(k);
    all
}

/// The `k` nearest neighbours of word `id` by cosine similarity, the word itself excluded.
/// `embeddings` is `[V, D]`.
pub fn nearest(embeddings: ArrayView2<f64>, id: usize, k: usize) -> Result<Vec<Neighbour>, Error> {
    check_id(&embeddings, id)?;
    Ok(closest(embeddings, embeddings.row(id), &[id], k))
}

/// The analogy "`a` is to `b` as `d` is to `c`", read as `a − b + c` ("king − man + woman"):
/// 3CosAdd (Mikolov et al. 2013; Levy and Goldberg 2014), the words nearest by cosine to
/// `â − b̂ + ĉ` (each vector scaled to length 1 first), `a`, `b` and `c` excluded.
pub fn analogy(
    embeddings: ArrayView2<f64>,
    a: usize,
    b: usize,
    c: usize,
    k: usize,
) -> Result<Vec<Neighbour>, Error> {
    for id in [a, b, c] {
        check_id(&embeddings, id)?;
    }
    let unit = unit_rows(embeddings.view());
    let target: Array1<f64> = &unit.row(a) - &unit.row(b) + unit.row(c);
    Ok(closest(unit.view(), target.view(), &[a, b, c], k))
}
