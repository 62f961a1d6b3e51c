//! The Euclidean norm of what a view lists (a row of a record, a gradient tensor).

/// `‖v‖₂ = √(Σ v_i²)`, summed in f64.
pub fn l2_norm(values: impl IntoIterator<Item = f32>) -> f64 {
    values
        .into_iter()
        .map(|x| f64::from(x) * f64::from(x))
        .sum::<f64>()
        .sqrt()
}
