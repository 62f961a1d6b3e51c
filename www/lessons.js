// The lessons, one place for their words (a later issue translates them). Each step is a state
// of its lab — the keys a link writes (a control's id without the lab's prefix, and the lab's
// own keys such as `trained` or `stage`) — with the element to look at, two or three
// sentences, a question and its answer (shown by "Show the answer" and at the next step).

/**
 * @typedef {{ state: Record<string, string>, look: string, text: string[], question: string, answer: string }} LessonStep
 * @typedef {{ id: string, lab: string, title: string, steps: LessonStep[] }} Lesson
 */

/** @type {Lesson[]} */
export const LESSONS = [
  {
    id: 'vanishing',
    lab: 'rnn',
    title: 'Why gradients vanish through time, and how the forget gate keeps them',
    steps: [
      {
        state: { cells: 'rnn', seqlen: '30', stage: 'backward.1' },
        look: 'rnn-norms',
        text: [
          'An RNN sends its error backward through time: ∂L/∂h_{t−1} = W_hhᵀ · diag(1 − h_t²) · ∂L/∂h_t, plus what the output at t − 1 adds.',
          'The solid line is ‖∂L_T/∂h_t‖: how much of the loss at the last timestep alone still reaches step t, after one chunk’s whole backward pass (30 characters, log scale).',
        ],
        question: 'Follow the solid line from t = 30 back to t = 1. Does it fall by about the same factor at every step, or all at once?',
        answer: 'By about the same factor at every step — a straight line on the log scale. Each step back multiplies the gradient by the Jacobian diag(tanh′) · W_hh; ‖W_hh‖₂ is about 1.1 here, but tanh′ < 1 pulls the factor down to about ×0.5 per step, and 29 such steps leave about 10⁻⁸ of it at t = 1 (the text under the chart gives both).',
      },
      {
        state: { cells: 'rnn', seqlen: '30', scale: '0.5', stage: 'backward.1' },
        look: 'rnn-norms',
        text: [
          'The same network with W_hh drawn at half the scale (W_hh scale 0.5).',
          'tanh′ is at most 1, so the factor per step is at most ‖W_hh‖₂ — the spectral norm the text under the chart prints.',
        ],
        question: 'Before you read the chart: does more or less of the gradient reach t = 1 now?',
        answer: 'Less. With ‖W_hh‖₂ halved every step back shrinks the gradient more, and the shrinking compounds over 29 steps: the solid line falls much more steeply. Vanishing is the product ∏ diag(tanh′) W_hh over time, not any single step.',
      },
      {
        state: { cells: 'both', seqlen: '30', stage: 'backward.1' },
        look: 'rnn-norms',
        text: [
          'The LSTM has a second way back: along its cell, ∂c_t/∂c_{t−1} = diag(f_t) — the forget gate alone, no W_hh and no tanh′ on that path.',
          'With forget bias 1 the gates start near σ(1) ≈ 0.73, and training can push them towards 1 where a memory must be kept.',
        ],
        question: 'Compare the two models’ lines towards t = 1. Which path decides how much of the gradient survives in the LSTM?',
        answer: 'The path through the cell: there the gradient is multiplied by the forget gates ∏ f_t — numbers the model learns to keep near 1 — instead of by tanh′ · W_hh at every step. Even untrained, the LSTM keeps about ×0.77 per step against the RNN’s ×0.53 (10⁻⁴ against 10⁻⁸ at t = 1); training the gates towards 1 keeps a dependency alive across the whole chunk.',
      },
      {
        state: { task: 'environments', cells: 'both', trained: '30000', accuracy: '1' },
        look: 'rnn-accuracy-box',
        text: [
          'The task the course uses: the name in \\begin{proof} must come back in the matching \\end{proof}, after a body of up to 30 characters — a long dependency. Writing \\end{lemma} there is the failure.',
          'Both models trained 30 000 steps on the same chunks (about ten seconds of Play); the table asks each to close environments it opened, by the length of the gap between \\begin and \\end.',
        ],
        question: 'Which model closes more environments with the right name, and which of the two paths you have seen explains it?',
        answer: 'The LSTM closes nearly all of them at every gap, even longer ones than it trained on; the RNN stays at chance (25 %: it always writes the same name). To learn the name, the gradient from \\end must reach \\begin many steps earlier: through tanh′ · W_hh it vanishes, through the LSTM’s cell (∏ f) it survives. (A GRU, along its kept state ∏ z, gets there too, a little later.)',
      },
    ],
  },
  {
    id: 'ctc-blanks',
    lab: 'ctc',
    title: 'CTC: the collapse rule, why blanks, and why a model first predicts only blanks',
    steps: [
      {
        state: { path: 'aaa' },
        look: 'ctc-collapse-out',
        text: [
          'CTC emits one symbol per input frame — the blank “−” included — and reads the result with one rule: merge repeated symbols, then remove the blanks.',
        ],
        question: 'What does a a a collapse to? And a − a?',
        answer: 'aaa → a: the repeats merge into one. a−a → aa: the blank separates the two a’s, so they stay two letters.',
      },
      {
        state: { path: 'a-a' },
        look: 'ctc-collapse-out',
        text: [
          'Here is a − a: the blank between the two a’s keeps them apart.',
          'So a target with a doubled letter needs a blank frame between the two, and a model needs a way to say “nothing new here” on the many frames between labels.',
        ],
        question: 'Why can’t the blank simply be left out of CTC’s alphabet?',
        answer: 'Without it, “aa” could never be spelled (every a a would merge), and every frame would have to carry a label even where the audio holds none. The blank is both the separator and the “nothing new” symbol.',
      },
      {
        state: { target: 'ab', frames: '5' },
        look: 'ctc-lattice',
        text: [
          'The lattice: its rows are the states − a − b − (a blank before, between and after every label), its columns the frames. Every path that collapses to “ab” runs through it, left to right.',
          'α sums the probability of every path prefix, so p(l|x) is α at the last frame in the last two states; the loss is −ln p(l|x).',
        ],
        question: 'A path may jump over the blank between a and b, but never over the blank between the two a’s of “aa”. Why?',
        answer: 'Jumping from a straight to b still collapses to “ab”. Jumping from the first a straight to the second would make them one run — “a a” merges into a single a — so that path would spell “a”, not “aa”.',
      },
      {
        state: { trained: '50', emissions: 'model.50' },
        look: 'ctc-emissions',
        text: [
          'A small BiLSTM trained 50 steps with the CTC loss on short utterances; with “show the model’s emissions” on, the emission matrix above shows its output for one of them.',
        ],
        question: 'Which symbol does the model predict on almost every frame this early in training?',
        answer: 'The blank. Blanks fit around and between every label of every target, so predicting blank everywhere raises p(l|x) for all utterances at once; the labels appear later as narrow spikes — CTC’s “peaky” emissions.',
      },
    ],
  },
  {
    id: 'attention-access',
    lab: 'attention',
    title: 'Attention: direct access to every input',
    steps: [
      {
        state: {},
        look: 'att-map',
        text: [
          'At every output step the decoder scores every input character (the columns), turns the scores into weights that sum to 1 with a softmax, and reads their weighted sum — the context.',
          'Untrained, the weights of each row are nearly uniform.',
        ],
        question: 'The task reverses the input. Which input character should the first output step look at?',
        answer: 'The last one: the first character of a reversal is the last input character. A trained model puts its weight there — an anti-diagonal in the map.',
      },
      {
        state: { trained: '1500' },
        look: 'att-map',
        text: [
          'The same models after 1 500 training steps.',
        ],
        question: 'Where does the weight of each row sit now?',
        answer: 'Near the anti-diagonal: output step k looks at input position n − k + 1. The decoder does not squeeze the whole input into one vector; it looks up the character it needs, whatever the length.',
      },
      {
        state: { trained: '1500' },
        look: 'att-lengths',
        text: [
          'The baseline has no attention: its decoder starts from the encoder’s final state and must carry the whole input in it.',
        ],
        question: 'How does each model’s held-out accuracy change as the input gets longer?',
        answer: 'Without attention it falls with length — one fixed-size vector must hold more and more characters. With attention every input stays directly reachable, so long inputs stay within reach.',
      },
    ],
  },
  {
    id: 'sgns',
    lab: 'word2vec',
    title: 'Skip-gram with negative sampling — and why W and W′ are not shared',
    steps: [
      {
        state: { trained: '1' },
        look: 'w2v-pair-view',
        text: [
          'Skip-gram reads a (centre, context) pair from the window and draws k negative words from the unigram distribution raised to 3/4.',
          'The loss −log σ(w_c · w′_o) − Σ log σ(−w_c · w′_n) pushes the true pair’s score up and each negative’s down.',
        ],
        question: 'Which rows of W and W′ does one such update change?',
        answer: 'Only the centre word’s row of W, and the rows of W′ of the context word and of the k negatives. Every other row stays as it was — the matrices below mark the rows that moved.',
      },
      {
        state: { trained: '1' },
        look: 'w2v-matrices',
        text: [
          'W holds each word as a centre, W′ each word as a context: every word has two vectors.',
        ],
        question: 'Why are W and W′ two matrices, not one shared matrix (W′ = W)?',
        answer: 'With one matrix a word’s score with itself is w · w = ‖w‖², which is always positive and grows as training grows w, so every word would look like a likely context of itself; and words that share contexts would be pulled towards those contexts too. Two matrices let each word play the two roles differently.',
      },
      {
        state: { trained: '20000' },
        look: 'w2v-tying-explain',
        text: [
          'Both models read the same 20 000 pairs: one with W and W′ separate, one tied (W′ = W). The two maps and neighbour lists show them side by side.',
        ],
        question: 'Compare the nearest neighbours of the same word in the two models: which looks more like words used in the same places?',
        answer: 'Look at what the panel reports for each: the untied model’s neighbours are the words that share contexts; tying mixes a word’s “centre” and “context” roles, which is why word2vec keeps W and W′ apart and uses W as the embedding.',
      },
    ],
  },
  {
    id: 'measures',
    lab: 'metrics',
    title: 'Precision and recall, BLEU’s brevity penalty, KL and mutual information',
    steps: [
      {
        state: {},
        look: 'overlap',
        text: [
          'The truth is abc and the prediction abcde, compared character by character.',
        ],
        question: 'What are precision and recall?',
        answer: 'Precision = 3/5 = 0.6: of the 5 predicted characters, 3 are right. Recall = 3/3 = 1: every true character was found. Predicting more can only raise recall, and it lowers precision.',
      },
      {
        state: { 'overlap-pred': 'ab' },
        look: 'overlap',
        text: [
          'Now the prediction is ab.',
        ],
        question: 'Precision and recall now? And which one would a model gaming the score inflate by saying less?',
        answer: 'Precision = 2/2 = 1, recall = 2/3 ≈ 0.667: saying less inflates precision. F1 = 2PR / (P + R) = 0.8 punishes either extreme.',
      },
      {
        state: { 'bleu-hyp': 'the cat', 'bleu-refs': 'the cat sat on the mat' },
        look: 'bleu-bp',
        text: [
          'BLEU multiplies the geometric mean of its n-gram precisions by a brevity penalty: BP = exp(1 − r/c) when the hypothesis (c words) is shorter than the reference (r words).',
        ],
        question: '“the cat” matches the reference perfectly as far as it goes. What stops it from scoring 100?',
        answer: 'The brevity penalty: c = 2 < r = 6, so BP = exp(1 − 6/2) = e⁻² ≈ 0.135. Without it, precision alone would reward saying very little.',
      },
      {
        state: {},
        look: 'info-table',
        text: [
          'Cross entropy H(p, q) = −Σ p log q is the cost of coding outcomes of p with a code built for q; the entropy H(p) is the cost with p’s own code.',
        ],
        question: 'How is KL(p‖q) in the table related to the two numbers above it?',
        answer: 'KL(p‖q) = H(p, q) − H(p): the extra cost of using q instead of p. It is never negative and is zero only when q = p — press “q = p”.',
      },
      {
        state: {},
        look: 'mi-kpis',
        text: [
          'Mutual information I(X; Y) = H(X) − H(X | Y): how much knowing Y tells about X, read from the joint table.',
        ],
        question: 'When is I(X; Y) zero?',
        answer: 'When X and Y are independent — the joint is the product of its margins (press “independent”): then H(X | Y) = H(X). In general I(X; Y) = KL(p(x, y) ‖ p(x) p(y)).',
      },
      {
        state: {},
        look: 'ppl-chart',
        text: [
          'Perplexity = 2^H, where H is the cross entropy in bits per character of the text under the model; each bar is one character’s surprisal −log₂ p.',
        ],
        question: 'What does a perplexity of 4 mean?',
        answer: 'The model is, on average, as unsure as if it chose uniformly among 4 characters at every step; a perfect model has perplexity 1.',
      },
    ],
  },
];
