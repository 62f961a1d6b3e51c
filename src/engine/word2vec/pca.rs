//! A 2-D picture of the embeddings by principal component analysis, computed here and
//! deterministic (the same input always gives the same picture, on every platform).

use ndarray::{s, Array1, Array2, ArrayView2, Axis};

use crate::engine::{Error, Rng};

/// Subspace iterations before giving up on more accuracy (the result is still deterministic).
const MAX_ITERATIONS: usize = 1000;
/// Converged when `|C y − θ y| ≤ TOLERANCE · |C|` for both components.
const TOLERANCE: f64 = 1e-13;

/// The embeddings projected on their two principal components.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    /// Each row's coordinates `[n, 2]`: `(x_r − mean) · component_k`.
    pub points: Array2<f64>,
    /// The two principal directions `[2, D]`, unit length, each with its largest-magnitude
    /// entry (the first, among entries equal up to rounding) positive (so the picture does not flip between frames). With `D = 1` the second
    /// is zero.
    pub components: Array2<f64>,
    /// The mean row `[D]`.
    pub mean: Array1<f64>,
    /// The variance along each component (eigenvalues of the covariance, divisor `n − 1`).
    pub variances: [f64; 2],
    /// The total variance (the covariance's trace), for "explains x %".
    pub total_variance: f64,
}

/// PCA of the rows of `x` `[n, D]`: centre the rows, form the covariance
/// `C = X̄ᵀ X̄ / (n − 1)` `[D, D]`, and find its top two eigenvectors by subspace iteration
/// (a block of `min(D, 6)` vectors, `C Q` then Gram–Schmidt, with a Rayleigh–Ritz step by
/// Jacobi rotations each round) from a fixed pseudo-random start.
pub fn pca_2d(x: ArrayView2<f64>) -> Result<Projection, Error> {
    let (n, d) = x.dim();
    if n == 0 || d == 0 {
        return Err(Error::Empty("the set of vectors to project"));
    }
    let mean = x.mean_axis(Axis(0)).unwrap_or_else(|| Array1::zeros(d));
    let centred = &x - &mean;
    let covariance = centred.t().dot(&centred) / (n.max(2) - 1) as f64;
    let (values, vectors) = top_eigenvectors(&covariance, 2);
    let mut components = Array2::zeros((2, d));
    for k in 0..vectors.ncols().min(2) {
        let mut column = vectors.column(k).to_owned();
        // The first entry within rounding of the largest magnitude decides the sign.
        let largest = column.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let decider = column
            .iter()
            .find(|v| v.abs() >= largest * (1.0 - 1e-9))
            .copied()
            .unwrap_or(0.0);
        if decider < 0.0 {
            column.mapv_inplace(|v| -v);
        }
        components.row_mut(k).assign(&column);
    }
    Ok(Projection {
        points: centred.dot(&components.t()),
        components,
        mean,
        variances: [values[0], values.get(1).copied().unwrap_or(0.0)],
        total_variance: covariance.diag().sum(),
    })
}

/// The `count` largest eigenvalues (descending) of the symmetric `c` and their eigenvectors
/// (columns).
fn top_eigenvectors(c: &Array2<f64>, count: usize) -> (Vec<f64>, Array2<f64>) {
    let d = c.nrows();
    let block = d.min(count + 4);
    let scale = c.iter().map(|v| v * v).sum::<f64>().sqrt();
    let mut rng = Rng::new(0x00CA_2D2D);
    let mut q = Array2::from_shape_fn((d, block), |_| rng.next_f64() - 0.5);
    orthonormalise(&mut q);
    let mut values = vec![0.0; block];
    for _ in 0..MAX_ITERATIONS {
        let z = c.dot(&q);
        let (theta, y) = symmetric_eigen(q.t().dot(&z));
        q = q.dot(&y);
        let z = z.dot(&y);
        values = theta;
        let converged = (0..count.min(block)).all(|k| {
            let residual = &z.column(k) - &(&q.column(k) * values[k]);
            residual.dot(&residual).sqrt() <= TOLERANCE * scale
        });
        if converged || scale == 0.0 || block == d {
            break;
        }
        q = z;
        orthonormalise(&mut q);
    }
    values.truncate(count);
    let keep = count.min(block);
    (values, q.slice(s![.., ..keep]).to_owned())
}

/// Modified Gram–Schmidt (twice, for accuracy) on the columns of `q`; a column that collapses
/// (a rank-deficient product) is replaced by the first unit vector independent of the others.
fn orthonormalise(q: &mut Array2<f64>) {
    let (d, b) = q.dim();
    for k in 0..b {
        let mut candidate = 0;
        loop {
            let before = q.column(k).dot(&q.column(k)).sqrt();
            for _ in 0..2 {
                for m in 0..k {
                    let projection = q.column(m).dot(&q.column(k));
                    let previous = q.column(m).to_owned();
                    q.column_mut(k).scaled_add(-projection, &previous);
                }
            }
            let norm = q.column(k).dot(&q.column(k)).sqrt();
            if norm > 1e-10 * before && norm > 0.0 {
                q.column_mut(k).mapv_inplace(|v| v / norm);
                break;
            }
            if candidate >= d {
                q.column_mut(k).fill(0.0);
                break;
            }
            q.column_mut(k).fill(0.0);
            q[[candidate, k]] = 1.0;
            candidate += 1;
        }
    }
}

/// All eigenvalues (descending) and eigenvectors (columns) of a small symmetric matrix by
/// cyclic Jacobi rotations.
fn symmetric_eigen(mut a: Array2<f64>) -> (Vec<f64>, Array2<f64>) {
    let n = a.nrows();
    let mut v = Array2::<f64>::eye(n);
    let total: f64 = a.iter().map(|x| x * x).sum();
    for _ in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|p| (0..n).filter(move |&q| q != p).map(move |q| (p, q)))
            .map(|(p, q)| a[[p, q]] * a[[p, q]])
            .sum();
        if off <= 1e-30 * total || off == 0.0 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                if a[[p, q]] == 0.0 {
                    continue;
                }
                // Rotate in the (p, q) plane so that the new a[p][q] is 0 (A ← Jᵀ A J).
                let theta = (a[[q, q]] - a[[p, p]]) / (2.0 * a[[p, q]]);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let cos = 1.0 / (t * t + 1.0).sqrt();
                let sin = t * cos;
                for k in 0..n {
                    let (kp, kq) = (a[[k, p]], a[[k, q]]);
                    a[[k, p]] = cos * kp - sin * kq;
                    a[[k, q]] = sin * kp + cos * kq;
                }
                for k in 0..n {
                    let (pk, qk) = (a[[p, k]], a[[q, k]]);
                    a[[p, k]] = cos * pk - sin * qk;
                    a[[q, k]] = sin * pk + cos * qk;
                }
                for k in 0..n {
                    let (kp, kq) = (v[[k, p]], v[[k, q]]);
                    v[[k, p]] = cos * kp - sin * kq;
                    v[[k, q]] = sin * kp + cos * kq;
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| a[[j, j]].total_cmp(&a[[i, i]]).then(i.cmp(&j)));
    let values = order.iter().map(|&i| a[[i, i]]).collect();
    let vectors = Array2::from_shape_fn((n, n), |(r, c)| v[[r, order[c]]]);
    (values, vectors)
}
