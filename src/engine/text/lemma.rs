//! A small dictionary lemmatiser for English, with its limits.
//!
//! A lemma is the dictionary form of a word (`went` → `go`, `mice` → `mouse`, `better` →
//! `good`). This one lowercases the word, drops a possessive `'s` or `s'`, then:
//!
//! 1. looks the word up in a dictionary of about 300 irregular forms (irregular verbs,
//!    irregular and Latin/Greek plurals, irregular comparatives, and words such as `news` or
//!    `always` that end in `s` but are not plurals);
//! 2. otherwise undoes a regular plural, for words of four letters or more: `-sses` → `-ss`,
//!    `-ies` → `-y` (five letters or more), `-xes` / `-ches` / `-shes` / `-zzes` → drop `-es`,
//!    and `-s` → drop it unless the word ends in `-ss`, `-us` or `-is`;
//! 3. otherwise leaves the word as it is.
//!
//! Limits: it knows no parts of speech and has no word list to check a result against.
//! Regular verb endings are not undone (`walked`, `walking` stay), except a third-person
//! `-s`, which the plural rule removes like a plural (`runs` → `run`). An ambiguous form takes
//! one reading: `saw` → `see`, `left` → `leave`, `found` → `find`, `lies` → `lie`. A plural in
//! `-s` that is missing from the dictionary can come out wrong (`crises` is listed, `oases`
//! is not: → `oase`). Use Porter or Snowball to conflate regular forms.

use std::borrow::Cow;
use std::sync::OnceLock;

use super::lemma_forms::{ADJECTIVES, NOT_PLURALS, NOUNS, VERBS};
use crate::engine::hash::FastMap;

/// Every form of the dictionary with its lemma.
fn dictionary() -> &'static FastMap<&'static str, &'static str> {
    static DICTIONARY: OnceLock<FastMap<&'static str, &'static str>> = OnceLock::new();
    DICTIONARY.get_or_init(|| {
        let mut map = FastMap::default();
        for table in [VERBS, NOUNS, ADJECTIVES] {
            for line in table.lines() {
                if let Some((lemma, forms)) = line.split_once(':') {
                    for form in forms.split_whitespace() {
                        map.insert(form, lemma.trim());
                    }
                }
            }
        }
        for word in NOT_PLURALS.split_whitespace() {
            map.entry(word).or_insert(word);
        }
        map
    })
}

/// The lemma of one word (see the module documentation for the rules and their limits).
pub fn lemmatize(word: &str) -> String {
    let lower = word.to_lowercase();
    let base = strip_possessive(&lower);
    if let Some(lemma) = dictionary().get(base) {
        return (*lemma).to_string();
    }
    singular(base).to_string()
}

/// `dog's` → `dog`, `dogs'` → `dogs` (straight or curly apostrophe).
fn strip_possessive(word: &str) -> &str {
    for suffix in ["'s", "\u{2019}s"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if !stem.is_empty() {
                return stem;
            }
        }
    }
    for suffix in ["s'", "s\u{2019}"] {
        if word.len() > suffix.len() && word.ends_with(suffix) {
            return &word[..word.len() - suffix.len() + 1];
        }
    }
    word
}

/// Undoes a regular plural, or returns the word unchanged.
fn singular(word: &str) -> Cow<'_, str> {
    let letters = word.chars().count();
    if letters < 4 || !word.ends_with('s') {
        return Cow::Borrowed(word);
    }
    if let Some(stem) = word.strip_suffix("sses") {
        return Cow::Owned(format!("{stem}ss"));
    }
    if let Some(stem) = word.strip_suffix("ies") {
        if letters >= 5 {
            return Cow::Owned(format!("{stem}y"));
        }
    } else if letters >= 5
        && ["xes", "ches", "shes", "zzes"]
            .iter()
            .any(|s| word.ends_with(s))
    {
        return Cow::Borrowed(&word[..word.len() - "es".len()]);
    }
    if ["ss", "us", "is"].iter().any(|s| word.ends_with(s)) {
        return Cow::Borrowed(word);
    }
    Cow::Borrowed(&word[..word.len() - "s".len()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_form_has_two_lemmas() {
        let mut seen: FastMap<&str, &str> = FastMap::default();
        for table in [VERBS, NOUNS, ADJECTIVES] {
            for line in table.lines() {
                let (lemma, forms) = line.split_once(':').expect("lemma: forms");
                for form in forms.split_whitespace() {
                    assert_eq!(*seen.entry(form).or_insert(lemma), lemma, "{form}");
                }
            }
        }
        assert!(seen.len() > 250 && seen.len() < 400, "{} forms", seen.len());
    }
}
