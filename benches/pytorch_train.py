"""PyTorch peer of `cargo bench --bench train`: training steps per second on ONE CPU thread.

Same configurations (batch 1, float32, Embedding -> RNN/LSTM -> Linear, Adam, clip 5):
small V=64 E=32 H=128 T=32, medium V=64 E=64 H=256 T=64. Warm-up, then the median of 7
batches. Run: python3 benches/pytorch_train.py (needs `pip install torch`).
"""
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
CONFIGS = [("small", 64, 32, 128, 32), ("medium", 64, 64, 256, 64)]


class CharLM(nn.Module):
    def __init__(self, kind, V, E, H):
        super().__init__()
        self.embedding = nn.Embedding(V, E)
        self.rnn = (nn.RNN if kind == "rnn" else nn.LSTM)(E, H, batch_first=True)
        self.decoder = nn.Linear(H, V)

    def forward(self, x, state):
        out, state = self.rnn(self.embedding(x), state)
        return self.decoder(out), state


def main():
    print("config  cell  steps/s   ms/step")
    for name, V, E, H, T in CONFIGS:
        for kind in ["rnn", "lstm"]:
            torch.manual_seed(1)
            model = CharLM(kind, V, E, H)
            opt = torch.optim.Adam(model.parameters(), lr=1e-3)
            text = torch.randint(0, V, (20_000,))
            pos = [0]
            state = [None]

            def step():
                if pos[0] + T + 1 > len(text):
                    pos[0], state[0] = 0, None
                x = text[pos[0]:pos[0] + T].unsqueeze(0)
                y = text[pos[0] + 1:pos[0] + T + 1].unsqueeze(0)
                logits, new_state = model(x, state[0])
                loss = F.cross_entropy(logits.view(-1, V), y.view(-1))
                opt.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
                opt.step()
                state[0] = tuple(s.detach() for s in new_state) if kind == "lstm" else new_state.detach()
                pos[0] += T

            batch = 200 if name == "small" else 50
            for _ in range(batch):
                step()
            rates = []
            for _ in range(7):
                start = time.perf_counter()
                for _ in range(batch):
                    step()
                rates.append(batch / (time.perf_counter() - start))
            median = statistics.median(rates)
            print(f"{name:<7} {kind:<5} {median:8.1f}  {1e3 / median:8.3f}")


if __name__ == "__main__":
    main()
