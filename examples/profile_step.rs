use std::time::Instant;
use unroll::seq::*;
fn main() {
    let (v, e, h, t) = (64, 32, 128, 32);
    let chars: Vec<char> = (0..v as u32)
        .map(|i| char::from_u32(0x30 + i).unwrap())
        .collect();
    let model = CharModel::new(&ModelConfig::new(CellKind::Lstm, chars, e, h)).unwrap();
    let inputs: Vec<usize> = (0..t).map(|i| (i * 7) % v).collect();
    let targets: Vec<usize> = (0..t).map(|i| (i * 5 + 1) % v).collect();
    let mut record = SequenceRecord::new(model.kind(), model.dims());
    let n = 500;
    for _ in 0..50 {
        forward(&model, &inputs, &targets, None, &mut record);
        backward(&model, &mut record);
    }
    let s = Instant::now();
    for _ in 0..n {
        forward(&model, &inputs, &targets, None, &mut record);
    }
    println!(
        "forward  {:.3} ms",
        s.elapsed().as_secs_f64() * 1e3 / n as f64
    );
    let s = Instant::now();
    for _ in 0..n {
        backward(&model, &mut record);
    }
    println!(
        "backward {:.3} ms",
        s.elapsed().as_secs_f64() * 1e3 / n as f64
    );
    let mut params = model.params().clone();
    let mut opt = OptimizerState::new(Optimizer::adam(1e-3), params.as_slice().len()).unwrap();
    let s = Instant::now();
    for _ in 0..n {
        opt.step(&mut params, &record.grads);
    }
    println!(
        "adam     {:.3} ms",
        s.elapsed().as_secs_f64() * 1e3 / n as f64
    );
}
