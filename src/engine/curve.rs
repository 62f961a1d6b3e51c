//! Curves that keep a whole run in bounded memory: a loss curve averaged into at most a
//! thousand points (the word2vec and CTC labs), a curve thinned to at most a thousand (the
//! attention lab), and the thinning the thinned curves share (every other point dropped, the
//! stride doubled; the RNN lab's history thins the same way).

/// A curve keeps fewer than this many points (then neighbouring points are averaged, or every
/// other one dropped).
const CURVE_POINTS: usize = 1000;

/// The mean loss over consecutive chunks of pairs; the chunk doubles (and neighbouring points
/// merge) whenever a thousand points are reached.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct LossCurve {
    points: Vec<(u64, f64)>,
    chunk: u64,
    sum: f64,
    count: u64,
}

impl Default for LossCurve {
    fn default() -> Self {
        LossCurve {
            points: Vec::new(),
            chunk: 1,
            sum: 0.0,
            count: 0,
        }
    }
}

impl LossCurve {
    /// Adds the loss of step `done` (steps or pairs done so far).
    pub fn push(&mut self, pairs_done: u64, loss: f64) {
        self.sum += loss;
        self.count += 1;
        if self.count < self.chunk {
            return;
        }
        self.points.push((pairs_done, self.sum / self.count as f64));
        (self.sum, self.count) = (0.0, 0);
        if self.points.len() >= CURVE_POINTS {
            self.points = self
                .points
                .chunks(2)
                .map(|two| {
                    (
                        two[two.len() - 1].0,
                        two.iter().map(|p| p.1).sum::<f64>() / two.len() as f64,
                    )
                })
                .collect();
            self.chunk *= 2;
        }
    }

    /// `(pairs done, mean loss of the pairs since the previous point)`.
    pub fn points(&self) -> &[(u64, f64)] {
        &self.points
    }

    /// Pairs per point now.
    pub fn chunk(&self) -> u64 {
        self.chunk
    }
}

/// A curve of `(step, value)` points, thinned to fewer than a thousand: once full, every other
/// point is dropped and only every second new point kept from then on.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default, PartialEq)]
pub struct Curve {
    /// The points.
    pub points: Vec<(f64, f64)>,
    stride: u64,
    seen: u64,
}

impl Curve {
    /// Adds `(x, y)` if the stride keeps it, thinning when the curve is full.
    pub fn push(&mut self, x: f64, y: f64) {
        self.seen += 1;
        if !(self.seen - 1).is_multiple_of(self.stride.max(1)) {
            return;
        }
        self.points.push((x, y));
        if self.points.len() >= CURVE_POINTS {
            thin(&mut self.points);
            self.stride = self.stride.max(1) * 2;
        }
    }
}

/// Drops every other element, keeping the first: what a thinned curve does to its points when
/// it is full (and then keeps only every second new point).
pub(crate) fn thin<T>(values: &mut Vec<T>) {
    let mut k = 0;
    values.retain(|_| {
        k += 1;
        k % 2 == 1
    });
}
