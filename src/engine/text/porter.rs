//! The Porter stemmer exactly as published in 1980, without the later extensions.
//!
//! M. F. Porter, "An algorithm for suffix stripping", *Program* 14(3):130–137, 1980. The
//! reference is NLTK's `PorterStemmer(mode=PorterStemmer.ORIGINAL_ALGORITHM)`, which this
//! equals on every word of `tests/fixtures/text.json`. As there, the word is lowercased
//! first, words of one or two letters are stemmed too (`is` → `i`), step 2 has
//! `ABLI → ABLE` (Porter's later `BLI → BLE` is not used), and step 1c turns `Y` into `I`
//! after any stem that contains a vowel (`happy` → `happi`, `enjoy` → `enjoi`).
//!
//! Terms of the paper: a *consonant* is a letter other than a, e, i, o, u, and other than a
//! `y` preceded by a consonant (any character that is not a vowel is a consonant, so digits
//! and accented letters count as consonants). Writing C for a run of consonants and V for a
//! run of vowels, every word is `[C](VC)^m[V]`; `m` is its *measure*. Conditions: `*v*` the
//! stem contains a vowel, `*d` it ends with a double consonant, `*o` it ends
//! consonant–vowel–consonant where the last is not w, x or y. In each step the rules are
//! tried in order and only the first whose suffix matches is looked at: if its condition
//! fails, the step does nothing.

/// A rule's condition on the stem left once the suffix is removed.
type Condition = fn(&[char]) -> bool;

/// Stems one word with the original Porter algorithm (see the module documentation).
pub fn porter_stem(word: &str) -> String {
    let mut w: Vec<char> = word.to_lowercase().chars().collect();
    step1a(&mut w);
    step1b(&mut w);
    step1c(&mut w);
    step2(&mut w);
    step3(&mut w);
    step4(&mut w);
    step5a(&mut w);
    step5b(&mut w);
    w.into_iter().collect()
}

fn is_vowel_letter(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Whether `w[i]` is a consonant: `y` is one at the start of a word or after a vowel.
fn is_consonant(w: &[char], i: usize) -> bool {
    if is_vowel_letter(w[i]) {
        return false;
    }
    if w[i] != 'y' {
        return true;
    }
    // Walk back over the run of y's: they alternate consonant, vowel, consonant, ... so `y`
    // is a consonant when the letter before the run is a vowel and the run before it is
    // even, or the other way round (a run at the start of the word begins with a consonant).
    let mut j = i;
    let mut odd = false;
    while j > 0 && w[j] == 'y' {
        odd = !odd;
        j -= 1;
    }
    is_vowel_letter(w[j]) == odd
}

/// The consonant (`true`) / vowel (`false`) pattern of `w`, in one pass.
fn consonant_flags(w: &[char]) -> impl Iterator<Item = bool> + '_ {
    let mut previous_consonant = false;
    w.iter().enumerate().map(move |(i, &c)| {
        let consonant = match c {
            'a' | 'e' | 'i' | 'o' | 'u' => false,
            'y' => i == 0 || !previous_consonant,
            _ => true,
        };
        previous_consonant = consonant;
        consonant
    })
}

/// `m` in `[C](VC)^m[V]`: the number of vowel-to-consonant changes.
fn measure(w: &[char]) -> usize {
    let mut m = 0;
    let mut previous_vowel = false;
    for consonant in consonant_flags(w) {
        if consonant && previous_vowel {
            m += 1;
        }
        previous_vowel = !consonant;
    }
    m
}

fn m_gt_0(stem: &[char]) -> bool {
    measure(stem) > 0
}

fn m_gt_1(stem: &[char]) -> bool {
    measure(stem) > 1
}

/// `*v*`: the stem contains a vowel.
fn contains_vowel(stem: &[char]) -> bool {
    consonant_flags(stem).any(|consonant| !consonant)
}

/// `*d`: the word ends with a double consonant.
fn ends_double_consonant(w: &[char]) -> bool {
    let n = w.len();
    n >= 2 && w[n - 1] == w[n - 2] && is_consonant(w, n - 1)
}

/// `*o`: the word ends consonant–vowel–consonant, the last not w, x or y.
fn ends_cvc(w: &[char]) -> bool {
    let n = w.len();
    n >= 3
        && is_consonant(w, n - 3)
        && !is_consonant(w, n - 2)
        && is_consonant(w, n - 1)
        && !matches!(w[n - 1], 'w' | 'x' | 'y')
}

fn ends_with(w: &[char], suffix: &str) -> bool {
    suffix.len() <= w.len()
        && w[w.len() - suffix.len()..]
            .iter()
            .copied()
            .eq(suffix.chars())
}

/// Replaces the last `suffix_len` characters by `replacement`.
fn replace_end(w: &mut Vec<char>, suffix_len: usize, replacement: &str) {
    w.truncate(w.len() - suffix_len);
    w.extend(replacement.chars());
}

/// Applies the first rule whose suffix matches, if its condition holds on the stem.
fn apply_first(w: &mut Vec<char>, rules: &[(&str, &str, Condition)]) {
    if let Some(&(suffix, replacement, condition)) =
        rules.iter().find(|(suffix, _, _)| ends_with(w, suffix))
    {
        if condition(&w[..w.len() - suffix.len()]) {
            replace_end(w, suffix.len(), replacement);
        }
    }
}

/// Step 1a: plurals. SSES → SS, IES → I, SS → SS, S → (nothing).
fn step1a(w: &mut Vec<char>) {
    let always: Condition = |_| true;
    apply_first(
        w,
        &[
            ("sses", "ss", always),
            ("ies", "i", always),
            ("ss", "ss", always),
            ("s", "", always),
        ],
    );
}

/// Step 1b: past tense and gerund. (m>0) EED → EE; (*v*) ED → ; (*v*) ING → ; and after
/// the last two: AT → ATE, BL → BLE, IZ → IZE, (*d and not *L, *S, *Z) → single letter,
/// (m=1 and *o) → E.
fn step1b(w: &mut Vec<char>) {
    if ends_with(w, "eed") {
        if m_gt_0(&w[..w.len() - 3]) {
            w.pop();
        }
        return;
    }
    let Some(suffix_len) = ["ed", "ing"]
        .iter()
        .find(|suffix| ends_with(w, suffix) && contains_vowel(&w[..w.len() - suffix.len()]))
        .map(|suffix| suffix.len())
    else {
        return;
    };
    w.truncate(w.len() - suffix_len);
    if ends_with(w, "at") || ends_with(w, "bl") || ends_with(w, "iz") {
        w.push('e');
    } else if ends_double_consonant(w) {
        if !matches!(w[w.len() - 1], 'l' | 's' | 'z') {
            w.pop();
        }
    } else if measure(w) == 1 && ends_cvc(w) {
        w.push('e');
    }
}

/// Step 1c: (*v*) Y → I.
fn step1c(w: &mut Vec<char>) {
    if ends_with(w, "y") && contains_vowel(&w[..w.len() - 1]) {
        replace_end(w, 1, "i");
    }
}

/// Step 2: double suffixes to single ones, when m > 0.
fn step2(w: &mut Vec<char>) {
    apply_first(
        w,
        &[
            ("ational", "ate", m_gt_0),
            ("tional", "tion", m_gt_0),
            ("enci", "ence", m_gt_0),
            ("anci", "ance", m_gt_0),
            ("izer", "ize", m_gt_0),
            ("abli", "able", m_gt_0),
            ("alli", "al", m_gt_0),
            ("entli", "ent", m_gt_0),
            ("eli", "e", m_gt_0),
            ("ousli", "ous", m_gt_0),
            ("ization", "ize", m_gt_0),
            ("ation", "ate", m_gt_0),
            ("ator", "ate", m_gt_0),
            ("alism", "al", m_gt_0),
            ("iveness", "ive", m_gt_0),
            ("fulness", "ful", m_gt_0),
            ("ousness", "ous", m_gt_0),
            ("aliti", "al", m_gt_0),
            ("iviti", "ive", m_gt_0),
            ("biliti", "ble", m_gt_0),
        ],
    );
}

/// Step 3: -ic-, -full, -ness and the like, when m > 0.
fn step3(w: &mut Vec<char>) {
    apply_first(
        w,
        &[
            ("icate", "ic", m_gt_0),
            ("ative", "", m_gt_0),
            ("alize", "al", m_gt_0),
            ("iciti", "ic", m_gt_0),
            ("ical", "ic", m_gt_0),
            ("ful", "", m_gt_0),
            ("ness", "", m_gt_0),
        ],
    );
}

/// Step 4: remove the last suffix when m > 1 (ION only after S or T).
fn step4(w: &mut Vec<char>) {
    let ion: Condition = |stem| m_gt_1(stem) && matches!(stem.last(), Some('s' | 't'));
    apply_first(
        w,
        &[
            ("al", "", m_gt_1),
            ("ance", "", m_gt_1),
            ("ence", "", m_gt_1),
            ("er", "", m_gt_1),
            ("ic", "", m_gt_1),
            ("able", "", m_gt_1),
            ("ible", "", m_gt_1),
            ("ant", "", m_gt_1),
            ("ement", "", m_gt_1),
            ("ment", "", m_gt_1),
            ("ent", "", m_gt_1),
            ("ion", "", ion),
            ("ou", "", m_gt_1),
            ("ism", "", m_gt_1),
            ("ate", "", m_gt_1),
            ("iti", "", m_gt_1),
            ("ous", "", m_gt_1),
            ("ive", "", m_gt_1),
            ("ize", "", m_gt_1),
        ],
    );
}

/// Step 5a: (m>1) E → ; (m=1 and not *o) E → .
fn step5a(w: &mut Vec<char>) {
    if ends_with(w, "e") {
        let stem = &w[..w.len() - 1];
        let m = measure(stem);
        if m > 1 || (m == 1 && !ends_cvc(stem)) {
            w.pop();
        }
    }
}

/// Step 5b: (m>1 and *d and *L) → single letter. As in NLTK, m is measured on the word less
/// its last `l`.
fn step5b(w: &mut Vec<char>) {
    if ends_with(w, "ll") && m_gt_1(&w[..w.len() - 1]) {
        w.pop();
    }
}
