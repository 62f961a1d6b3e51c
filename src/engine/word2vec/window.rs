//! The sliding window: (centre, context) pairs in reading order, one at a time, with where the
//! window stands in the original token stream.

use super::vocab::Corpus;
use crate::engine::Rng;

/// How far the window reaches around each centre.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WindowShrink {
    /// Always the full window size `c` on each side.
    #[default]
    Fixed,
    /// The word2vec C code's reduced window: for each centre a reach `c − b` with `b` uniform
    /// in `0..c`, so near words are paired more often than far ones.
    Random,
}

/// One (centre, context) pair and where it came from.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    /// Centre word id (`i`, a row of W).
    pub centre: usize,
    /// Context word id (`j`, a row of W′).
    pub context: usize,
    /// Index of the centre in the epoch's (subsampled) stream.
    pub centre_index: usize,
    /// Index of the context in the epoch's stream.
    pub context_index: usize,
    /// Position of the centre in the original token stream.
    pub centre_position: usize,
    /// Position of the context in the original token stream.
    pub context_position: usize,
    /// First and last original positions the window covers (clipped to the sentence; tokens
    /// between them that are not in the epoch's stream were skipped).
    pub window: (usize, usize),
}

/// The window over one epoch's stream. For the centre at stream index `p` with reach `r`
/// (within its sentence `[s, e)`), the contexts are `max(s, p − r) ..= min(e − 1, p + r)`
/// without `p`, left to right; centres go left to right.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct Window {
    corpus: Corpus,
    reach: Vec<usize>,
    bounds: Vec<(usize, usize)>,
    pairs: u64,
    next: Option<(usize, usize)>,
}

impl Window {
    /// The window of half-width `size` (at least 1) over `corpus`; with
    /// [`WindowShrink::Random`] each centre's reach is drawn from `rng` now, so the epoch's
    /// pairs (and their number) are fixed from the start.
    pub fn new(corpus: Corpus, size: usize, shrink: WindowShrink, rng: &mut Rng) -> Window {
        let size = size.max(1);
        let reach: Vec<usize> = (0..corpus.len())
            .map(|_| match shrink {
                WindowShrink::Fixed => size,
                WindowShrink::Random => size - rng.below(size),
            })
            .collect();
        let mut bounds = vec![(0, 0); corpus.len()];
        let mut pairs = 0u64;
        for sentence in corpus.sentences() {
            for p in sentence.clone() {
                let first = p.saturating_sub(reach[p]).max(sentence.start);
                let last = (p + reach[p]).min(sentence.end - 1);
                bounds[p] = (first, last);
                pairs += (last - first) as u64;
            }
        }
        let mut window = Window {
            corpus,
            reach,
            bounds,
            pairs,
            next: None,
        };
        window.next = window.first_from(0);
        window
    }

    /// The first pair whose centre is at index `centre` or later.
    fn first_from(&self, centre: usize) -> Option<(usize, usize)> {
        (centre..self.corpus.len()).find_map(|p| {
            let (first, last) = self.bounds[p];
            (first..=last).find(|&x| x != p).map(|x| (p, x))
        })
    }

    /// The pair after the one at (`p`, `x`).
    fn after(&self, p: usize, x: usize) -> Option<(usize, usize)> {
        let last = self.bounds[p].1;
        match (x + 1..=last).find(|&y| y != p) {
            Some(y) => Some((p, y)),
            None => self.first_from(p + 1),
        }
    }

    fn pair(&self, (p, x): (usize, usize)) -> Pair {
        let (ids, positions) = (self.corpus.ids(), self.corpus.positions());
        let (first, last) = self.bounds[p];
        Pair {
            centre: ids[p],
            context: ids[x],
            centre_index: p,
            context_index: x,
            centre_position: positions[p],
            context_position: positions[x],
            window: (positions[first], positions[last]),
        }
    }

    /// The pair [`Window::next_pair`] will return, without moving.
    pub fn peek(&self) -> Option<Pair> {
        self.next.map(|at| self.pair(at))
    }

    /// The next pair, moving the window on; `None` at the end of the epoch.
    pub fn next_pair(&mut self) -> Option<Pair> {
        let at = self.next?;
        self.next = self.after(at.0, at.1);
        Some(self.pair(at))
    }

    /// How many pairs the whole epoch has.
    pub fn pair_count(&self) -> u64 {
        self.pairs
    }

    /// Each centre's reach (`c` or, with a random shrink, `c − b`), by stream index.
    pub fn reach(&self) -> &[usize] {
        &self.reach
    }

    /// The stream the window slides over.
    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }
}

impl Iterator for Window {
    type Item = Pair;

    fn next(&mut self) -> Option<Pair> {
        self.next_pair()
    }
}
