"""PyTorch peer of the benchmark page (www/bench.html) and `cargo bench --bench train`: training
steps per second on ONE CPU thread.

Same models and steps: batch 1, float32, Embedding -> RNN (tanh) / LSTM -> Linear, the mean
cross entropy of the next character, no gradient clipping, SGD (lr 0.05) or Adam (lr 1e-3).
Configurations: small V=64 E=32 H=128 T=32, medium V=64 E=64 H=256 T=64. Warm-up, then the
median of 7 timed batches of steps.

  python3 benches/pytorch_train.py          a table
  python3 benches/pytorch_train.py --json   one JSON object (read by scripts/bench.sh)

Needs `pip install torch`.
"""
import json
import platform
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
CONFIGS = [("small", 64, 32, 128, 32), ("medium", 64, 64, 256, 64)]
OPTIMIZERS = {
    "sgd": lambda params: torch.optim.SGD(params, lr=0.05),
    "adam": lambda params: torch.optim.Adam(params, lr=1e-3),
}
TIMED_BATCHES = 7


class CharLM(nn.Module):
    def __init__(self, kind, V, E, H):
        super().__init__()
        self.embedding = nn.Embedding(V, E)
        self.rnn = (nn.RNN if kind == "rnn" else nn.LSTM)(E, H, batch_first=True)
        self.decoder = nn.Linear(H, V)

    def forward(self, x, state):
        out, state = self.rnn(self.embedding(x), state)
        return self.decoder(out), state


def bench(name, V, E, H, T, kind, optimizer):
    """Median ms per step of `TIMED_BATCHES` batches after one warm-up batch, and the last loss."""
    torch.manual_seed(1)
    model = CharLM(kind, V, E, H)
    opt = OPTIMIZERS[optimizer](model.parameters())
    text = torch.randint(0, V, (20_000,))
    pos = [0]
    state = [None]
    loss_value = [float("nan")]

    def step():
        if pos[0] + T + 1 > len(text):
            pos[0], state[0] = 0, None
        x = text[pos[0]:pos[0] + T].unsqueeze(0)
        y = text[pos[0] + 1:pos[0] + T + 1].unsqueeze(0)
        logits, new_state = model(x, state[0])
        loss = F.cross_entropy(logits.view(-1, V), y.view(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        state[0] = tuple(s.detach() for s in new_state) if kind == "lstm" else new_state.detach()
        pos[0] += T
        return loss

    batch = 200 if name == "small" else 50
    for _ in range(batch):
        step()
    ms = []
    for _ in range(TIMED_BATCHES):
        start = time.perf_counter()
        for _ in range(batch):
            loss = step()
        ms.append((time.perf_counter() - start) * 1e3 / batch)
        loss_value[0] = loss.item()
    return {"config": name, "cell": kind, "optimizer": optimizer, "msPerStep": statistics.median(ms),
            "msPerStepBatches": ms, "stepsPerBatch": batch, "loss": loss_value[0]}


def main():
    as_json = "--json" in sys.argv[1:]
    results = []
    if not as_json:
        print("config  cell  optim  steps/s   ms/step")
    for optimizer in OPTIMIZERS:
        for name, V, E, H, T in CONFIGS:
            for kind in ["rnn", "lstm"]:
                r = bench(name, V, E, H, T, kind, optimizer)
                results.append(r)
                if not as_json:
                    print(f"{name:<7} {kind:<5} {optimizer:<5}  {1e3 / r['msPerStep']:8.1f}  {r['msPerStep']:8.3f}")
    if as_json:
        info = {"torch": torch.__version__, "threads": torch.get_num_threads(), "python": platform.python_version(),
                "machine": platform.machine()}
        print(json.dumps({"info": info, "results": results}, indent=2))


if __name__ == "__main__":
    main()
