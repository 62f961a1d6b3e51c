// The word2vec lab: raw text through every preprocessing stage, then skip-gram with negative
// sampling stepped one pair at a time — the window, the negatives, the rows of W and W′ that
// change — and the embedding space moving as it trains, tied and untied side by side.
import {
  Pointer, TextOptions, Word2VecLab, Word2VecOptions, beginFigure, finishFigure, preprocessText, toyCorpusText,
} from '../pkg/word2vec/unroll.js';
import { painter } from '../figure.js';
import { gradientCheckView } from '../gradcheck.js';
import {
  actions, attempt, pointerMaker, download, el, finder, fixedLikeRust, fmt, formatBytes, guard, inputLimits,
  onResize, playerWithButton, readNumber, tooltip, trainButton,
} from '../kit.js';
import { stateChanged, wholeCount } from '../link.js';

const pointerOn = pointerMaker(Pointer);

/** The lab's state, for the figures' file names (set when the lab starts). */
let shown = null;
/** Draws a chart and keeps its draw call for Save (files say the pairs trained). */
const paint = painter({ beginFigure, finishFigure }, 'word2vec', () => (shown?.lab ? `pair${pairsDone(shown.lab)}` : ''));

const TOY_SENTENCES = 1500;
const PREVIEW_DELAY_MS = 250;
const HEAVY_VIEWS_EVERY_MS = 200;
const TRAIN_BUTTON_PAIRS = 5000;
const TSV = 'text/tab-separated-values';
/** What the page says when every planned pair has been trained. */
const FINISHED = 'Training has finished: every planned epoch is done (the learning rate has decayed to its floor). Raise the epochs and press “New model” to train longer.';

/** A strip token's role as the index of its look: outside, in the window, the centre, the context. */
const STRIP_ROLES = ['outside', 'window', 'centre', 'context'];
const STEMMER_INFO = {
  none: 'Words are kept as they are.',
  porter: 'Porter (1980) strips suffixes by rules: running → run, relational → relat. Stems need not be words; it applies to Latin-script words only.',
  snowball: 'Snowball English (Porter2) is Porter revised: fewer odd stems (generously → generous). Latin-script words only.',
  lemma: 'A small dictionary lemmatiser: about 300 irregular forms (went → go, mice → mouse, better → good) and safe plural rules. It does not undo regular -ed/-ing, picks one reading of an ambiguous form (saw → see), and misses words it does not list.',
};
const SAMPLE_TEXT = `<p>The <b>quick</b> brown fox jumps over the lazy dog &amp; the dogs were running.</p>
Visit https://example.com/foxes or write to fox@example.com — it's 2026, and 3 foxes saw 12 mice!
Ｆｕｌｌ-width ＴＥＸＴ and the ﬁne ligature are normalised by NFKC.
나는 학교에 갑니다. 오늘 날씨가 좋다!`;

/** The preprocessing controls, once the lab has started (the Metrics bench reads them). */
let textControls = null;

/**
 * TextOptions from the lab's preprocessing controls, read from the page even before the lab has
 * started (the caller frees it). `Options` is the TextOptions class of the module that will use
 * them (the Metrics bench has its own module).
 */
export function pipelineOptions(Options = TextOptions) {
  const $ = finder(document);
  const ui = textControls ?? {
    markup: $('w2v-markup'), urls: $('w2v-urls'), controls: $('w2v-controls'), nfkc: $('w2v-nfkc'), fold: $('w2v-fold'),
    numbers: $('w2v-numbers'), tokenizer: $('w2v-tokenizer'), pattern: $('w2v-pattern'), stop: $('w2v-stop'),
    stopwords: $('w2v-stopwords'), stemmer: $('w2v-stemmer'),
  };
  if (!ui.pattern.value) ui.pattern.value = Options.defaultPattern();
  if (!ui.stopwords.value) ui.stopwords.value = Options.englishStopWords();
  return readTextOptions(ui, Options);
}

/** Starts the word2vec lab inside `section`. */
export function initWord2VecLab(section) {
  const $ = finder(section);
  const ui = {
    corpus: $('w2v-corpus'), text: $('w2v-text'), textInfo: $('w2v-text-info'), markup: $('w2v-markup'),
    urls: $('w2v-urls'), controls: $('w2v-controls'), nfkc: $('w2v-nfkc'), fold: $('w2v-fold'), numbers: $('w2v-numbers'),
    tokenizer: $('w2v-tokenizer'), pattern: $('w2v-pattern'), stop: $('w2v-stop'), stopwords: $('w2v-stopwords'),
    stemmer: $('w2v-stemmer'), textMessage: $('w2v-text-message'), stages: $('w2v-stages').tBodies[0],
    tokens: $('w2v-tokens'), window: $('w2v-window'), dim: $('w2v-dim'), k: $('w2v-k'), alpha: $('w2v-alpha'),
    lr: $('w2v-lr'), sub: $('w2v-sub'), min: $('w2v-min'), epochs: $('w2v-epochs'), seed: $('w2v-seed'),
    tied: $('w2v-tied'), compare: $('w2v-compare'), softmax: $('w2v-softmax'), reset: $('w2v-reset'),
    gradcheck: $('w2v-gradcheck'), gradcheckOut: $('w2v-gradcheck-out'),
    step: $('w2v-step'), train: $('w2v-train'), play: $('w2v-play'), readout: $('w2v-readout'),
    message: $('w2v-message'), strip: $('w2v-strip'), pairs: $('w2v-pairs'), pair: $('w2v-pair'), sampling: $('w2v-sampling'),
    pairView: $('w2v-pair-view'), matrices: $('w2v-matrices'), choice: $('w2v-choice'), word: $('w2v-word'),
    analogy: $('w2v-analogy'), exportVectors: $('w2v-export-vectors'), exportMetadata: $('w2v-export-metadata'),
    queryMessage: $('w2v-query-message'), projections: [$('w2v-projection-0'), $('w2v-projection-1')],
    neighbours: [$('w2v-neighbours-0'), $('w2v-neighbours-1')], second: $('w2v-second'),
    tyingExplain: $('w2v-tying-explain'), loss: $('w2v-loss'), tooltip: $('w2v-tooltip'),
  };
  const state = shown = {
    lab: null, ownText: '', previewTimer: 0, toySeed: 1, player: null, defaultText: '',
    /** The build controls' values when the model on screen was built (a link holds these). */
    built: new Map(), builtSeed: 1, builtToySeed: 1,
  };
  ui.text.placeholder = `Paste any text (up to ${formatBytes(inputLimits.word2vecTextBytes)}).`;
  textControls = ui;
  ui.pattern.value = TextOptions.defaultPattern();
  ui.stopwords.value = TextOptions.englishStopWords();
  const player = playerWithButton(ui.play, {
    work: (n) => trainPairs(ui, state, n),
    parts: [
      { draw: () => showReadout(ui, state, player), text: true },
      { draw: () => { state.lab.snapshot(); drawAll(ui, state); }, heavy: true },
    ],
    heavyEveryMs: HEAVY_VIEWS_EVERY_MS,
    // The worker gets the text once; it sends back only what training changed.
    remote: {
      session: () => ({ kind: 'word2vec', bytes: state.lab.sessionBytes(), text: '' }),
      restore: (bytes) => state.lab.restore(bytes),
      failed: (message) => { ui.message.textContent = state.lab.remaining === 0 ? FINISHED : message; },
    },
  });
  const act = actions(ui.message, () => {
    if (state.lab) {
      showReadout(ui, state, player);
      drawAll(ui, state);
    }
  });

  ui.corpus.addEventListener('change', () => guard(() => { fillText(ui, state); preview(ui); }));
  ui.text.addEventListener('input', () => guard(() => {
    if (ui.corpus.value === 'own') state.ownText = ui.text.value;
    else if (ui.text.value !== '') { ui.corpus.value = 'own'; state.ownText = ui.text.value; }
    clearTimeout(state.previewTimer);
    state.previewTimer = setTimeout(() => guard(() => preview(ui)), PREVIEW_DELAY_MS);
  }));
  for (const control of [ui.markup, ui.urls, ui.controls, ui.nfkc, ui.fold, ui.numbers, ui.tokenizer, ui.stop, ui.stemmer]) {
    control.addEventListener('change', () => guard(() => preview(ui)));
  }
  for (const control of [ui.pattern, ui.stopwords]) {
    control.addEventListener('input', () => guard(() => {
      clearTimeout(state.previewTimer);
      state.previewTimer = setTimeout(() => guard(() => preview(ui)), PREVIEW_DELAY_MS);
    }));
  }
  ui.reset.addEventListener('click', act(() => { player.stop(); build(ui, state); stateChanged(ui.reset); }));
  ui.step.addEventListener('click', act(() => { player.stop(); state.lab.step(); state.lab.snapshot(); stateChanged(ui.step); }));
  let checks = 0;
  ui.gradcheck.addEventListener('click', act(() => {
    player.stop();
    const values = state.lab.gradientCheck(BigInt(checks));
    checks += 1;
    ui.gradcheckOut.replaceChildren(values
      ? gradientCheckView(values)
      : el('p', { class: 'hint' }, 'Step one pair first: the check differentiates the last pair\'s loss.'));
  }));
  trainButton(ui.train, player, TRAIN_BUTTON_PAIRS, ui.message);
  ui.choice.addEventListener('change', act(() => state.lab.setChoice(ui.choice.value)));
  ui.word.addEventListener('input', () => guard(() => { showQueries(ui, state); drawProjections(ui, state); }));
  ui.analogy.addEventListener('input', () => guard(() => showQueries(ui, state)));
  ui.exportVectors.addEventListener('click', () => guard(() => download('vectors.tsv', state.lab.vectorsTsv(), TSV)));
  ui.exportMetadata.addEventListener('click', () => guard(() => download('metadata.tsv', state.lab.metadataTsv(), TSV)));
  installPointer(ui, state);
  for (const canvas of [ui.sampling, ui.pairView, ui.matrices, ui.loss, ...ui.projections]) {
    onResize(canvas, () => guard(() => state.lab && drawAll(ui, state)));
  }
  fillText(ui, state);
  state.defaultText = ui.text.value;
  preview(ui);
  build(ui, state);
  showReadout(ui, state, player);
  drawAll(ui, state);
  state.player = player;
  return {
    built: () => builtValues(ui, state),
    extra: () => linkState(state),
    restore: (params, progress) => restoreLink(ui, state, params, progress),
  };
}

/** The controls the model is built from ("New model" reads them). */
function buildControls(ui) {
  return [ui.corpus, ui.text, ui.markup, ui.urls, ui.controls, ui.nfkc, ui.fold, ui.numbers, ui.tokenizer, ui.pattern,
    ui.stop, ui.stopwords, ui.stemmer, ui.window, ui.dim, ui.k, ui.alpha, ui.lr, ui.sub, ui.min, ui.epochs, ui.seed,
    ui.tied, ui.compare, ui.softmax];
}

/**
 * The values the model on screen was built from, as a link writes them; a built-in corpus's
 * text is left out (the corpus and its seed say it).
 */
function builtValues(ui, state) {
  const values = new Map(state.built);
  if (values.get(ui.corpus) !== 'own') values.set(ui.text, state.defaultText);
  return values;
}

/** What a link holds beyond the controls: the pairs trained and the toy corpus's seed. */
function linkState(state) {
  if (!state.lab) return [];
  const pairs = [];
  if (state.builtToySeed !== state.builtSeed) pairs.push(['toy-seed', String(state.builtToySeed)]);
  if (pairsDone(state.lab) > 0) pairs.push(['trained', String(pairsDone(state.lab))]);
  return pairs;
}

/** The pairs `lab` has trained. */
function pairsDone(lab) {
  const summary = lab.summary();
  const done = summary.pairsDone;
  summary.free();
  return done;
}

/** The most pairs a link may ask to replay. */
const MOST_REPLAYED_PAIRS = 100_000_000;

/**
 * Opens a link's state: the corpus's text (a built-in one from its seed), a new model from the
 * controls (already set), and the pairs trained replayed.
 */
async function restoreLink(ui, state, params, progress) {
  const used = ['trained', 'toy-seed'];
  const notes = [];
  state.player.stop();
  if (ui.corpus.value === 'own') state.ownText = ui.text.value;
  else {
    const seed = params.get('toy-seed');
    fillText(ui, state);
    if (seed !== undefined) {
      if (wholeCount(seed, 0xffffffff) !== null) {
        state.toySeed = Number(seed);
        if (ui.corpus.value === 'toy') ui.text.value = toyCorpusText(TOY_SENTENCES, state.toySeed);
      } else notes.push(`“toy-seed=${seed}” is not a seed (a whole number from 0 to 4294967295); the seed field's was used.`);
    }
  }
  preview(ui);
  try {
    build(ui, state);
  } catch (error) {
    ui.message.textContent = error.message;
    return { used, notes };
  }
  const text = params.get('trained');
  const trained = wholeCount(text, MOST_REPLAYED_PAIRS);
  if (trained === null) notes.push(`“trained=${text}” is not a number of pairs from 0 to ${MOST_REPLAYED_PAIRS.toLocaleString('en')}; the model opened untrained.`);
  else if (trained > 0) {
    progress(0, trained);
    const reached = await state.player.goal(trained, (done) => progress(done, trained));
    if (!reached && pairsDone(state.lab) < trained) notes.push(`Training stopped after ${pairsDone(state.lab).toLocaleString('en')} of the link's ${trained.toLocaleString('en')} pairs.`);
  }
  state.lab.setChoice(ui.choice.value);
  ui.message.textContent = '';
  showReadout(ui, state, state.player);
  drawAll(ui, state);
  return { used, notes };
}

/** Puts the chosen corpus's text into the text box. */
function fillText(ui, state) {
  const which = ui.corpus.value;
  const seed = attempt(ui.message, () => readNumber(ui.seed));
  if (seed === undefined) return;
  state.toySeed = seed;
  ui.text.value = which === 'toy' ? toyCorpusText(TOY_SENTENCES, state.toySeed) : which === 'sample' ? SAMPLE_TEXT : state.ownText;
}

/** Reads the preprocessing controls into TextOptions (the caller frees it). */
function readTextOptions(ui, Options = TextOptions) {
  const options = new Options();
  try {
    options.cleanMarkup = ui.markup.checked;
    options.cleanUrls = ui.urls.checked;
    options.cleanControls = ui.controls.checked;
    options.nfkc = ui.nfkc.checked;
    options.caseFold = ui.fold.checked;
    options.numbers = ui.numbers.value;
    options.tokenizer = ui.tokenizer.value;
    options.pattern = ui.pattern.value;
    options.stopWords = ui.stop.checked;
    options.stopList = ui.stopwords.value;
    options.stemmer = ui.stemmer.value;
  } catch (error) {
    options.free();
    throw error;
  }
  ui.pattern.disabled = ui.tokenizer.value !== 'regex';
  const info = document.getElementById('w2v-stemmer-info');
  if (info) info.textContent = STEMMER_INFO[ui.stemmer.value] ?? '';
  ui.stopwords.disabled = !ui.stop.checked;
  return options;
}

/** Every stage's effect on the text, and the tokens. */
function preview(ui) {
  const bytes = new TextEncoder().encode(ui.text.value).length;
  ui.textInfo.textContent = `${bytes.toLocaleString('en')} bytes`;
  if (bytes > inputLimits.word2vecTextBytes) {
    ui.textMessage.textContent = tooLong(bytes);
    return;
  }
  let result;
  const options = readTextOptions(ui);
  try {
    result = preprocessText(ui.text.value, options);
  } catch (error) {
    ui.textMessage.textContent = error.message;
    return;
  } finally {
    options.free();
  }
  ui.textMessage.textContent = '';
  const body = [];
  for (const stage of result.stages) {
    const { name, enabled, summary, examples } = stage;
    stage.free();
    body.push(el('tr', { class: enabled ? '' : 'unused' },
      el('td', { class: 'text' }, name), el('td', { class: 'text' }, enabled ? summary : 'off'),
      el('td', { class: 'text' }, enabled ? examples : '')));
  }
  ui.stages.replaceChildren(...body);
  const tokens = result.tokens;
  ui.tokens.replaceChildren(...tokens.map((t) => el('span', { class: 'chip' }, t)),
    ...(result.tokenCount > tokens.length ? [el('span', { class: 'hint' }, ` … ${result.tokenCount.toLocaleString('en')} tokens in all`)] : []));
  result.free();
}

/** Reads the SGNS controls into Word2VecOptions (the caller frees it). */
function readOptions(ui) {
  const options = new Word2VecOptions();
  try {
    options.dimensions = readNumber(ui.dim);
    options.window = readNumber(ui.window);
    options.negatives = readNumber(ui.k);
    options.alpha = readNumber(ui.alpha);
    options.learningRate = readNumber(ui.lr);
    options.subsample = readNumber(ui.sub);
    options.minCount = readNumber(ui.min);
    options.epochs = readNumber(ui.epochs);
    options.seed = readNumber(ui.seed);
    options.tied = ui.tied.checked;
    options.fullSoftmax = ui.softmax.checked;
    options.compare = ui.compare.checked;
  } catch (error) {
    options.free();
    throw error;
  }
  return options;
}

/** The message for a text over the lab's limit (checked before the text is sent to wasm). */
function tooLong(bytes) {
  return `The text is ${formatBytes(bytes)}; the lab reads up to ${formatBytes(inputLimits.word2vecTextBytes)}. Nothing was changed: shorten it to use it.`;
}

/** A new lab from the text and every control; on a failure the old lab stays. */
function build(ui, state) {
  const bytes = new TextEncoder().encode(ui.text.value).length;
  if (bytes > inputLimits.word2vecTextBytes) throw new RangeError(tooLong(bytes));
  const textOptions = readTextOptions(ui);
  let options;
  try {
    options = readOptions(ui);
    const toy = ui.corpus.value === 'toy' ? state.toySeed : undefined;
    const lab = new Word2VecLab(ui.text.value, textOptions, options, toy);
    state.lab?.free();
    state.lab = lab;
    state.lab.setChoice(ui.choice.value);
    state.built = new Map(buildControls(ui).map((c) => [c, c instanceof HTMLInputElement && c.type === 'checkbox' ? (c.checked ? '1' : '0') : c.value]));
    state.builtSeed = readNumber(ui.seed);
    state.builtToySeed = ui.corpus.value === 'toy' ? state.toySeed : state.builtSeed;
  } finally {
    textOptions.free();
    options?.free();
  }
  ui.second.hidden = !ui.compare.checked;
}

/** Trains `pairs` pairs (returns them); a failure stops with a message. */
function trainPairs(ui, state, pairs) {
  return attempt(ui.message, () => {
    const run = Math.min(pairs, state.lab.remaining);
    if (run === 0) {
      ui.message.textContent = FINISHED;
      return false;
    }
    state.lab.train(run);
    return run;
  }, false);
}

/** Pairs, epochs, speed, learning rate, losses. */
function showReadout(ui, state, player) {
  if (!state.lab) return;
  const summary = state.lab.summary();
  const {
    pairsDone: done, plannedPairs: planned, epoch, learningRate: lr, vocabulary, tokens,
  } = summary;
  const losses = Array.from(summary.losses);
  summary.free();
  const labels = state.lab.labels();
  const speed = player.running ? ` · ${Math.round(player.stepsPerSecond).toLocaleString('en')} pairs/s` : '';
  const loss = losses.map((l, i) => `${labels[i].split(':')[0]} ${fmt(l, 3)}`).join(', ');
  ui.readout.textContent = `${tokens.toLocaleString('en')} tokens · ${vocabulary} words · pair ${done.toLocaleString('en')} of ${planned.toLocaleString('en')} (epoch ${epoch})${speed} · learning rate ${lr.toPrecision(3)}${done > 0 ? ` · loss ${loss}` : ''}`;
}

/** Every canvas and list. */
function drawAll(ui, state) {
  const lab = state.lab;
  showStrip(ui, lab);
  ui.pair.textContent = lab.pairText() || 'Step one pair to see an update.';
  paint(ui.sampling, (canvas, ratio) => state.lab.drawSampling(canvas, ratio));
  paint(ui.pairView, (canvas, ratio) => state.lab.drawPair(canvas, ratio));
  paint(ui.matrices, (canvas, ratio) => state.lab.drawMatrices(canvas, ratio, 0));
  paint(ui.loss, (canvas, ratio) => state.lab.drawLoss(canvas, ratio));
  drawProjections(ui, state);
  showQueries(ui, state);
}

/** The text around the window: the centre and the context marked. */
function showStrip(ui, lab) {
  const words = lab.windowStrip().map((stripToken) => {
    const { token, role } = stripToken;
    stripToken.free();
    return [token, STRIP_ROLES.indexOf(role)];
  });
  const spans = [];
  for (const [token, role] of words) {
    spans.push(el('span', { class: `tok ${['', 'm1', 'm4', 'm3'][role]}`, title: ['', 'in the window', 'centre word i', 'context word j'][role] }, token), ' ');
  }
  ui.strip.replaceChildren(...spans);
  const centre = words.find(([, role]) => role === 2)?.[0];
  const contexts = words.filter(([, role]) => role === 1 || role === 3).map(([w]) => w);
  ui.pairs.textContent = centre ? `This window emits ${contexts.length} pairs: ${contexts.map((c) => `(${centre}, ${c})`).join(' ')}` : '';
}

/** The projections of both models with the picked word. */
function drawProjections(ui, state) {
  const runs = state.lab.labels().length;
  for (let r = 0; r < runs; r++) {
    const word = ui.word.value.trim();
    paint(ui.projections[r], (canvas, ratio) => state.lab.drawProjection(canvas, ratio, r, word));
  }
}

/** Neighbours of the picked word and the analogy, per model. */
function showQueries(ui, state) {
  const lab = state.lab;
  const labels = lab.labels();
  const messages = [];
  const parts = /^\s*(\S+)\s*-\s*(\S+)\s*\+\s*(\S+)\s*$/.exec(ui.analogy.value);
  if (ui.analogy.value.trim() && !parts) messages.push('Write the analogy as a - b + c, e.g. king - man + woman.');
  for (let r = 0; r < labels.length; r++) {
    const lines = [];
    if (ui.word.value.trim()) {
      try {
        lines.push(`nearest to "${ui.word.value.trim()}": ${nearWordsText(lab.neighbours(r, ui.word.value))}`);
      } catch (error) {
        if (r === 0) messages.push(error.message);
      }
    }
    if (parts) {
      try {
        lines.push(`${parts[1]} − ${parts[2]} + ${parts[3]} ≈ ${nearWordsText(lab.analogy(r, parts[1], parts[2], parts[3]))}`);
      } catch (error) {
        if (r === 0) messages.push(error.message);
      }
    }
    ui.neighbours[r].textContent = `${labels[r]} — ${lines.join(' · ') || 'pick a word'}`;
  }
  ui.queryMessage.textContent = messages.join(' ');
  ui.tyingExplain.textContent = labels.length > 1
    ? 'Why two matrices? With W′ = W a word is scored against its own row too, and σ(W_i·W_i) = σ(|W_i|²) can never be small, so "a word is not its own context" cannot be learned; untied, W says what a word means as a centre and W′ what it predicts as a context. Compare the losses and the neighbours.'
    : '';
}

/** Near words as "word 0.123, word 0.117" (the cosine with three decimals), each freed. */
function nearWordsText(nearWords) {
  return nearWords.map((near) => {
    const text = `${near.word} ${fixedLikeRust(near.cosine, 3)}`;
    near.free();
    return text;
  }).join(', ');
}

/** Hover on the matrices and the projections; click a word to pick it. */
function installPointer(ui, state) {
  const { show, hide } = tooltip(ui.tooltip);
  ui.matrices.addEventListener('pointermove', (event) => guard(() => {
    show(event, state.lab?.matricesCellText(0, pointerOn(event, ui.matrices)));
  }));
  ui.matrices.addEventListener('pointerleave', hide);
  ui.projections.forEach((canvas, r) => {
    const word = (event) => {
      return state.lab?.projectionWordAt(r, pointerOn(event, canvas)) ?? '';
    };
    canvas.addEventListener('pointermove', (event) => guard(() => show(event, word(event))));
    canvas.addEventListener('pointerleave', hide);
    canvas.addEventListener('click', (event) => guard(() => {
      const picked = word(event);
      if (!picked) return;
      ui.word.value = picked;
      stateChanged(ui.word);
      showQueries(ui, state);
      drawProjections(ui, state);
    }));
  });
}
