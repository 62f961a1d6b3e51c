//! A built-in toy language whose structure is known, so the "right" neighbours and analogies
//! are known: six word classes filled into sentence templates, and eight people who differ in
//! three features (gender, rank, age) that each show in their own contexts.

use ndarray::ArrayView2;

use super::query::{analogy, nearest};
use super::vocab::Vocabulary;
use crate::engine::Rng;

const ANIMALS: [&str; 6] = ["dog", "cat", "horse", "cow", "sheep", "goat"];
const FOODS: [&str; 6] = ["apple", "bread", "cheese", "rice", "soup", "cake"];
const COLOURS: [&str; 6] = ["red", "green", "blue", "yellow", "black", "white"];
const PLACES: [&str; 6] = ["house", "garden", "forest", "river", "market", "field"];
const VERBS: [&str; 6] = ["eats", "likes", "wants", "finds", "takes", "smells"];
/// The people and their features: (word, male, royal, adult).
const PEOPLE: [(&str, bool, bool, bool); 8] = [
    ("king", true, true, true),
    ("queen", false, true, true),
    ("prince", true, true, false),
    ("princess", false, true, false),
    ("man", true, false, true),
    ("woman", false, false, true),
    ("boy", true, false, false),
    ("girl", false, false, false),
];

/// A named set of words that play the same part in the toy language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordClass {
    /// The class name ("animal", "food", ...).
    pub name: &'static str,
    /// Its words.
    pub words: Vec<&'static str>,
}

/// The generated corpus with its answer key.
#[derive(Debug, Clone, PartialEq)]
pub struct ToyCorpus {
    /// The sentences, as tokens.
    pub sentences: Vec<Vec<String>>,
    /// The word classes: a word's nearest neighbours should be in its own class.
    pub classes: Vec<WordClass>,
    /// Analogies `[a, b, c, d]` meaning `a − b + c ≈ d` ("king − man + woman ≈ queen"): every
    /// combination of the people where the features work out.
    pub analogies: Vec<[&'static str; 4]>,
}

fn pick<'a>(words: &[&'a str], rng: &mut Rng) -> &'a str {
    words[rng.below(words.len())]
}

/// One sentence of the toy language.
fn sentence(rng: &mut Rng) -> Vec<&'static str> {
    let (animal, food, colour) = (pick(&ANIMALS, rng), pick(&FOODS, rng), pick(&COLOURS, rng));
    let (place, verb) = (pick(&PLACES, rng), pick(&VERBS, rng));
    let (person, male, royal, adult) = PEOPLE[rng.below(PEOPLE.len())];
    match rng.below(7) {
        0 | 1 => vec!["the", colour, animal, verb, "the", food, "in", "the", place],
        2 => vec!["a", animal, "sleeps", "near", "the", place],
        3 => vec![
            "the", person, verb, "the", colour, food, "near", "the", place,
        ],
        4 => vec![
            "the",
            person,
            "feeds",
            if male { "his" } else { "her" },
            animal,
        ],
        5 if royal => vec!["the", person, "rules", "from", "the", "palace"],
        5 => vec!["the", person, "works", "at", "the", "mill"],
        _ if adult => vec!["the", person, "reads", "an", "old", "book"],
        _ => vec!["the", person, "plays", "with", "a", "ball"],
    }
}

impl ToyCorpus {
    /// `sentences` sentences drawn from `seed`. Templates: "the red dog eats the apple in the
    /// house", "a cat sleeps near the river", "the king likes the green soup near the market",
    /// "the queen feeds her goat", "the prince rules from the palace" / "the man works at the
    /// mill", "the woman reads an old book" / "the girl plays with a ball".
    pub fn generate(sentences: usize, seed: u64) -> ToyCorpus {
        let mut rng = Rng::new(seed);
        let sentences = (0..sentences)
            .map(|_| sentence(&mut rng).into_iter().map(str::to_string).collect())
            .collect();
        let class = |name, words: &[&'static str]| WordClass {
            name,
            words: words.to_vec(),
        };
        let people: Vec<&str> = PEOPLE.iter().map(|p| p.0).collect();
        ToyCorpus {
            sentences,
            classes: vec![
                class("animal", &ANIMALS),
                class("food", &FOODS),
                class("colour", &COLOURS),
                class("place", &PLACES),
                class("verb", &VERBS),
                class("person", &people),
            ],
            analogies: people_analogies(),
        }
    }

    /// All tokens, sentence after sentence.
    pub fn tokens(&self) -> Vec<String> {
        self.sentences.iter().flatten().cloned().collect()
    }

    /// The corpus as text, one sentence per line.
    pub fn text(&self) -> String {
        let lines: Vec<String> = self.sentences.iter().map(|s| s.join(" ")).collect();
        lines.join("\n")
    }

    /// The class of `word`, if it has one.
    pub fn class_of(&self, word: &str) -> Option<&'static str> {
        self.classes
            .iter()
            .find(|c| c.words.contains(&word))
            .map(|c| c.name)
    }

    /// The fraction of the top-`k` cosine neighbours of every class word that are in the
    /// word's own class (all class words in `vocabulary` pooled). `embeddings` is `[V, D]`.
    pub fn neighbour_accuracy(
        &self,
        vocabulary: &Vocabulary,
        embeddings: ArrayView2<f64>,
        k: usize,
    ) -> f64 {
        let (mut right, mut all) = (0usize, 0usize);
        for class in &self.classes {
            for id in class.words.iter().filter_map(|w| vocabulary.id(w)) {
                for neighbour in nearest(embeddings, id, k).unwrap_or_default() {
                    let word = vocabulary.word(neighbour.id).unwrap_or("");
                    right += usize::from(class.words.contains(&word));
                    all += 1;
                }
            }
        }
        right as f64 / all.max(1) as f64
    }

    /// The fraction of [`ToyCorpus::analogies`] whose best 3CosAdd answer is right.
    pub fn analogy_accuracy(&self, vocabulary: &Vocabulary, embeddings: ArrayView2<f64>) -> f64 {
        let mut right = 0usize;
        for [a, b, c, d] in &self.analogies {
            let ids = [a, b, c].map(|w| vocabulary.id(w));
            if let [Some(a), Some(b), Some(c)] = ids {
                let best = analogy(embeddings, a, b, c, 1).unwrap_or_default();
                right += usize::from(best.first().map(|n| n.id) == vocabulary.id(d));
            }
        }
        right as f64 / self.analogies.len().max(1) as f64
    }
}

/// Every `[a, b, c, d]` of distinct people with `d = a − b + c` feature by feature (for each
/// feature, `b` agrees with `c` — then `d` takes `a`'s value — or with `a` — then `c`'s).
fn people_analogies() -> Vec<[&'static str; 4]> {
    let features = |p: &(&str, bool, bool, bool)| [p.1, p.2, p.3];
    let mut out = Vec::new();
    for a in &PEOPLE {
        for b in &PEOPLE {
            for c in &PEOPLE {
                let (fa, fb, fc) = (features(a), features(b), features(c));
                if (0..3).any(|f| fb[f] != fc[f] && fa[f] != fb[f]) {
                    continue;
                }
                let fd: Vec<bool> = (0..3)
                    .map(|f| if fb[f] == fc[f] { fa[f] } else { fc[f] })
                    .collect();
                let d = PEOPLE.iter().find(|p| features(p).to_vec() == fd);
                if let Some(d) = d {
                    let names = [a.0, b.0, c.0, d.0];
                    let distinct = (0..4).all(|i| (i + 1..4).all(|j| names[i] != names[j]));
                    if distinct {
                        out.push(names);
                    }
                }
            }
        }
    }
    out
}
