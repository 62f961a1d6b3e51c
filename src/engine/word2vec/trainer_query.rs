//! Reading a trainer's embeddings by word: neighbours, analogies, the 2-D projection and the
//! Embedding Projector export.

use super::export::{metadata_tsv, vectors_tsv};
use super::model::EmbeddingChoice;
use super::pca::{pca_2d, Projection};
use super::query::{analogy, nearest, Neighbour};
use super::trainer::Word2VecTrainer;
use crate::engine::Error;

impl Word2VecTrainer {
    fn named(&self, neighbours: Vec<Neighbour>) -> Vec<(String, f64)> {
        neighbours
            .into_iter()
            .map(|n| {
                let word = self.vocabulary().word(n.id).unwrap_or_default();
                (word.to_string(), n.cosine)
            })
            .collect()
    }

    /// The `k` words nearest to `word` by cosine (the word itself excluded).
    pub fn nearest_words(
        &self,
        word: &str,
        k: usize,
        choice: EmbeddingChoice,
    ) -> Result<Vec<(String, f64)>, Error> {
        let id = self.vocabulary().require(word)?;
        Ok(self.named(nearest(self.embeddings(choice).view(), id, k)?))
    }

    /// The best `k` answers to `a − b + c` (3CosAdd; `a`, `b`, `c` excluded), e.g. "king",
    /// "man", "woman" → "queen".
    pub fn analogy_words(
        &self,
        [a, b, c]: [&str; 3],
        k: usize,
        choice: EmbeddingChoice,
    ) -> Result<Vec<(String, f64)>, Error> {
        let vocabulary = self.vocabulary();
        let (a, b, c) = (
            vocabulary.require(a)?,
            vocabulary.require(b)?,
            vocabulary.require(c)?,
        );
        Ok(self.named(analogy(self.embeddings(choice).view(), a, b, c, k)?))
    }

    /// Every word's embedding projected on the two principal components (rows by id).
    pub fn projection(&self, choice: EmbeddingChoice) -> Result<Projection, Error> {
        pca_2d(self.embeddings(choice).view())
    }

    /// `vectors.tsv` for the TensorFlow Embedding Projector (rows by id).
    pub fn vectors_tsv(&self, choice: EmbeddingChoice) -> String {
        vectors_tsv(self.embeddings(choice).view())
    }

    /// `metadata.tsv` for the TensorFlow Embedding Projector (one word per line, no header).
    pub fn metadata_tsv(&self) -> String {
        metadata_tsv(self.vocabulary().words())
    }
}
