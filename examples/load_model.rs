//! Loads a model file (a PyTorch state_dict as JSON) and samples from it:
//! `cargo run --release --example load_model -- model.json "he"`.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: load_model <model.json> [prime]")?;
    let prime = args.next().unwrap_or_else(|| " ".to_string());
    let model = unroll::engine::rnn::from_json(&std::fs::read_to_string(path)?)?;
    let dims = model.dims();
    println!(
        "{} with V = {}, E = {}, H = {}",
        model.kind(),
        dims.vocab,
        dims.embedding,
        dims.hidden
    );
    println!(
        "{prime}{}",
        unroll::engine::rnn::sample(&model, &prime, 60, 0.8, 1)?
    );
    Ok(())
}
