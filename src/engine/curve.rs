//! Curves that keep a whole run in bounded memory: a loss curve averaged into at most a
//! thousand points (the word2vec and CTC labs), and the thinning the RNN and attention labs'
//! curves share (every other point dropped, the stride doubled).

/// The loss curve keeps at most this many points (then neighbouring points are averaged).
const CURVE_POINTS: usize = 1000;

/// The mean loss over consecutive chunks of pairs; the chunk doubles (and neighbouring points
/// merge) whenever a thousand points are reached.
#[derive(Debug, Clone, PartialEq)]
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

/// Drops every other element, keeping the first: what a thinned curve does to its points when
/// it is full (and then keeps only every second new point).
pub(crate) fn thin<T>(values: &mut Vec<T>) {
    let mut k = 0;
    values.retain(|_| {
        k += 1;
        k % 2 == 1
    });
}
