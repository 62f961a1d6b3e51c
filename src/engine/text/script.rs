//! Which writing system a token is written in, so the English-only stages can step aside.
//!
//! The test is by Unicode block ranges for the scripts a reader is likely to paste (not the
//! full Unicode `Script` property): a letter outside every listed range is [`Script::Other`].
//! Only letters (`char::is_alphabetic`) decide; digits, punctuation and symbols are
//! [`Script::Common`].

use std::fmt;

/// A writing system, as far as the pipeline needs to tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Script {
    /// No letters at all: numbers, punctuation, symbols.
    Common,
    /// Latin letters, including accented, full-width and ligature forms.
    Latin,
    /// Greek and Coptic.
    Greek,
    /// Cyrillic.
    Cyrillic,
    /// Armenian.
    Armenian,
    /// Hebrew.
    Hebrew,
    /// Arabic.
    Arabic,
    /// Devanagari.
    Devanagari,
    /// Thai.
    Thai,
    /// Korean Hangul: syllables and jamo.
    Hangul,
    /// Japanese Hiragana.
    Hiragana,
    /// Japanese Katakana (also half-width).
    Katakana,
    /// Chinese characters (Han), also as used in Japanese and Korean.
    Han,
    /// A letter of some other script.
    Other,
}

impl Script {
    /// The script's English name, as the page shows it.
    pub fn name(self) -> &'static str {
        match self {
            Script::Common => "Common",
            Script::Latin => "Latin",
            Script::Greek => "Greek",
            Script::Cyrillic => "Cyrillic",
            Script::Armenian => "Armenian",
            Script::Hebrew => "Hebrew",
            Script::Arabic => "Arabic",
            Script::Devanagari => "Devanagari",
            Script::Thai => "Thai",
            Script::Hangul => "Hangul",
            Script::Hiragana => "Hiragana",
            Script::Katakana => "Katakana",
            Script::Han => "Han",
            Script::Other => "other-script",
        }
    }

    /// The script of one character: [`Script::Common`] for anything that is not a letter.
    pub fn of_char(c: char) -> Script {
        if c.is_ascii_alphabetic() {
            return Script::Latin;
        }
        if c.is_ascii() || !c.is_alphabetic() {
            return Script::Common;
        }
        let code = u32::from(c);
        RANGES
            .iter()
            .find(|(low, high, _)| (*low..=*high).contains(&code))
            .map_or(Script::Other, |(_, _, script)| *script)
    }

    /// The script of a token: the first letter not in Latin decides, so a token is
    /// [`Script::Latin`] only when all its letters are Latin, and [`Script::Common`] when it
    /// has no letters.
    pub fn of_token(token: &str) -> Script {
        let mut script = Script::Common;
        for c in token.chars() {
            match Script::of_char(c) {
                Script::Common => {}
                Script::Latin => script = Script::Latin,
                other => return other,
            }
        }
        script
    }
}

impl fmt::Display for Script {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `(first, last, script)` code point ranges (Unicode blocks), checked in order.
const RANGES: &[(u32, u32, Script)] = &[
    (0x00C0, 0x024F, Script::Latin), // Latin-1 letters, Latin Extended-A and -B
    (0x0250, 0x02AF, Script::Latin), // IPA extensions
    (0x1D00, 0x1DBF, Script::Latin), // phonetic extensions
    (0x1E00, 0x1EFF, Script::Latin), // Latin Extended Additional
    (0x2C60, 0x2C7F, Script::Latin), // Latin Extended-C
    (0xA720, 0xA7FF, Script::Latin), // Latin Extended-D
    (0xAB30, 0xAB6F, Script::Latin), // Latin Extended-E
    (0xFB00, 0xFB06, Script::Latin), // ligatures ﬀ ﬁ ﬂ ...
    (0xFF21, 0xFF3A, Script::Latin), // full-width A-Z
    (0xFF41, 0xFF5A, Script::Latin), // full-width a-z
    (0x00AA, 0x00AA, Script::Latin), // ª
    (0x00BA, 0x00BA, Script::Latin), // º
    (0x00B5, 0x00B5, Script::Greek), // µ micro sign
    (0x0370, 0x03FF, Script::Greek),
    (0x1F00, 0x1FFF, Script::Greek),
    (0x0400, 0x052F, Script::Cyrillic),
    (0x1C80, 0x1C8F, Script::Cyrillic),
    (0x2DE0, 0x2DFF, Script::Cyrillic),
    (0xA640, 0xA69F, Script::Cyrillic),
    (0x0530, 0x058F, Script::Armenian),
    (0x0590, 0x05FF, Script::Hebrew),
    (0xFB1D, 0xFB4F, Script::Hebrew),
    (0x0600, 0x06FF, Script::Arabic),
    (0x0750, 0x077F, Script::Arabic),
    (0x08A0, 0x08FF, Script::Arabic),
    (0xFB50, 0xFDFF, Script::Arabic),
    (0xFE70, 0xFEFF, Script::Arabic),
    (0x0900, 0x097F, Script::Devanagari),
    (0x0E00, 0x0E7F, Script::Thai),
    (0x1100, 0x11FF, Script::Hangul), // conjoining jamo
    (0x3130, 0x318F, Script::Hangul), // compatibility jamo
    (0xA960, 0xA97F, Script::Hangul),
    (0xAC00, 0xD7FF, Script::Hangul), // syllables, jamo extended-B
    (0xFFA0, 0xFFDC, Script::Hangul), // half-width jamo
    (0x3040, 0x309F, Script::Hiragana),
    (0x30A0, 0x30FF, Script::Katakana),
    (0x31F0, 0x31FF, Script::Katakana),
    (0xFF66, 0xFF9F, Script::Katakana), // half-width
    (0x2E80, 0x2FDF, Script::Han),      // radicals
    (0x3005, 0x3007, Script::Han),      // 々 〆 〇
    (0x3021, 0x3029, Script::Han),      // Hangzhou numerals
    (0x3400, 0x4DBF, Script::Han),
    (0x4E00, 0x9FFF, Script::Han),
    (0xF900, 0xFAFF, Script::Han),
    (0x20000, 0x3FFFF, Script::Han),
];

/// Counts tokens per script, in the order of [`Script`], leaving out scripts with no tokens.
pub(crate) fn count_scripts<'a>(tokens: impl Iterator<Item = &'a str>) -> Vec<(Script, usize)> {
    let mut counts: Vec<(Script, usize)> = Vec::new();
    for token in tokens {
        let script = Script::of_token(token);
        match counts.iter_mut().find(|(s, _)| *s == script) {
            Some((_, n)) => *n += 1,
            None => counts.push((script, 1)),
        }
    }
    counts.sort_by_key(|(s, _)| *s);
    counts
}

/// "7 Hangul tokens and 2 Han tokens": the phrase for skipped tokens, per script.
pub(crate) fn describe_scripts(counts: &[(Script, usize)]) -> String {
    let phrases: Vec<String> = counts
        .iter()
        .map(|(script, n)| {
            format!(
                "{n} {} {}",
                script.name(),
                if *n == 1 { "token" } else { "tokens" }
            )
        })
        .collect();
    super::record::join_phrases(&phrases)
}
