//! Metrics benchmark: `cargo bench --bench metrics`. Warm-up, then the median of several
//! batches, for the sizes the page must handle without freezing (a 1 MB paste).

use std::time::Instant;

use unroll::metrics::{
    corpus_bleu, overlap, sentence_bleu, BleuOptions, CharNgramModel, OverlapLevel, Smoothing,
};

fn median_ms(mut run: impl FnMut(), batches: usize) -> f64 {
    run();
    let mut times: Vec<f64> = (0..batches)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let megabyte = "the cat sat on the mat and looked at the dog . ".repeat(22_000);
    let options = BleuOptions::sentence();
    let ms = median_ms(
        || {
            drop(sentence_bleu(
                &megabyte,
                &["the cat is on the mat"],
                &options,
            ))
        },
        5,
    );
    println!("sentence BLEU, 1 MB hypothesis            {ms:8.1} ms");
    let lines: Vec<String> = (0..20_000)
        .map(|i| format!("segment {i} the cat sat on the mat ."))
        .collect();
    let ms = median_ms(
        || {
            drop(corpus_bleu(
                &lines,
                std::slice::from_ref(&lines),
                &BleuOptions::default(),
            ))
        },
        5,
    );
    println!("corpus BLEU, 20 000 segments (0.8 MB)     {ms:8.1} ms");
    let ms = median_ms(
        || drop(overlap(&megabyte, &megabyte, OverlapLevel::Char)),
        5,
    );
    println!("character overlap, 1 MB each               {ms:8.1} ms");
    let text = "abcdefghij klmnopq rstuv wxyz. ".repeat(9_600);
    let ms = median_ms(
        || drop(CharNgramModel::train(&text, 6, Smoothing::WittenBell)),
        5,
    );
    println!("6-gram Witten-Bell training, 300k chars   {ms:8.1} ms");
}
