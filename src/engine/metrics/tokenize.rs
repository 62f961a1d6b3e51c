//! sacreBLEU's tokenizers, reproduced character for character.
//!
//! Each regular-expression pass of sacreBLEU (`re.sub` with a two-character pattern) is a
//! left-to-right scan that never overlaps matches, so it is written here as such a scan.

use unicode_general_category::{get_general_category, GeneralCategory as Gc};

/// A sacreBLEU tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tokenize {
    /// `13a`: mteval-v13a, sacreBLEU's default (splits punctuation, keeps `3.5` and `1,000`).
    #[default]
    Mteval13a,
    /// `none`: split on whitespace only.
    None,
    /// `char`: every character is a token (whitespace dropped).
    Char,
    /// `intl`: mteval-v14 international (Unicode punctuation and symbols).
    Intl,
}

impl Tokenize {
    /// Every tokenizer, in the order the page lists them.
    pub const ALL: [Tokenize; 4] = [
        Tokenize::Mteval13a,
        Tokenize::None,
        Tokenize::Char,
        Tokenize::Intl,
    ];

    /// The name sacreBLEU uses in its signature (`tok:13a`).
    pub fn signature(self) -> &'static str {
        match self {
            Tokenize::Mteval13a => "13a",
            Tokenize::None => "none",
            Tokenize::Char => "char",
            Tokenize::Intl => "intl",
        }
    }

    /// The tokenizer's output string, exactly as sacreBLEU's tokenizer `__call__` returns it.
    pub fn apply(self, line: &str) -> String {
        match self {
            Tokenize::Mteval13a | Tokenize::Intl => normalize_spaces(&self.spaced(line)),
            Tokenize::None => line.to_string(),
            Tokenize::Char => {
                let mut out = String::with_capacity(line.len() * 2);
                for (index, c) in line.chars().enumerate() {
                    if index > 0 {
                        out.push(' ');
                    }
                    out.push(c);
                }
                out
            }
        }
    }

    /// The tokens BLEU counts: `apply(line).split()`, without building the joined string.
    pub fn tokens(self, line: &str) -> Vec<String> {
        match self {
            Tokenize::Mteval13a | Tokenize::Intl => python_split(&self.spaced(line))
                .map(str::to_string)
                .collect(),
            Tokenize::None => python_split(line).map(str::to_string).collect(),
            Tokenize::Char => line
                .chars()
                .filter(|&c| !is_python_whitespace(c))
                .map(String::from)
                .collect(),
        }
    }

    /// The regular-expression passes of `13a` / `intl`, before runs of spaces are collapsed.
    fn spaced(self, line: &str) -> String {
        match self {
            Tokenize::Intl => tokenize_intl(line),
            _ => tokenize_13a(line),
        }
    }
}

named_choice!(Tokenize, signature, "tokenizer");

/// Python's `str.isspace()`: Unicode White_Space plus the separators U+001C..U+001F.
pub fn is_python_whitespace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.split()` with no argument: runs of whitespace separate, none kept.
pub fn python_split(text: &str) -> impl Iterator<Item = &str> {
    text.split(is_python_whitespace).filter(|s| !s.is_empty())
}

/// Python's `str.rstrip()` with no argument.
pub(crate) fn python_rstrip(text: &str) -> &str {
    text.trim_end_matches(is_python_whitespace)
}

/// `' '.join(line.split())`.
fn normalize_spaces(line: &str) -> String {
    python_split(line).collect::<Vec<_>>().join(" ")
}

/// One non-overlapping left-to-right pass of a two-character pattern `(A)(B)`, replacing each
/// match with `emit(a, b, out)` — what `re.sub` does for such a pattern.
fn pair_pass(
    chars: &[char],
    matches: impl Fn(char, char) -> bool,
    emit: impl Fn(char, char, &mut Vec<char>),
) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len() + chars.len() / 2);
    let mut index = 0;
    while index < chars.len() {
        if index + 1 < chars.len() && matches(chars[index], chars[index + 1]) {
            emit(chars[index], chars[index + 1], &mut out);
            index += 2;
        } else {
            out.push(chars[index]);
            index += 1;
        }
    }
    out
}

/// The two passes both mteval tokenizers make around marks (13a: `.` and `,`; 14: Unicode
/// punctuation) that do not touch a number: `(N̄)(M) -> '\1 \2 '`, then
/// `(M)(N̄) -> ' \1 \2'`, where `N̄` is any character `number` refuses and `M` one `mark` accepts.
fn split_marks(
    chars: &[char],
    number: impl Fn(char) -> bool,
    mark: impl Fn(char) -> bool,
) -> Vec<char> {
    let chars = pair_pass(
        chars,
        |a, b| !number(a) && mark(b),
        |a, b, out| out.extend([a, ' ', b, ' ']),
    );
    pair_pass(
        &chars,
        |a, b| mark(a) && !number(b),
        |a, b, out| out.extend([' ', a, ' ', b]),
    )
}

/// mteval-v13a as in sacreBLEU's `Tokenizer13a` + `TokenizerRegexp`, before spaces collapse.
fn tokenize_13a(line: &str) -> String {
    let mut line = line
        .replace("<skipped>", "")
        .replace("-\n", "")
        .replace('\n', " ");
    if line.contains('&') {
        line = line
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">");
    }
    // ([\{-\~\[-\` -\&\(-\+\:-\@\/]) -> ' \1 '
    let is_split =
        |c: char| matches!(c, '{'..='~' | '['..='`' | ' '..='&' | '('..='+' | ':'..='@' | '/');
    let mut chars: Vec<char> = Vec::with_capacity(line.len() + 2);
    chars.push(' ');
    for c in line.chars() {
        if is_split(c) {
            chars.extend([' ', c, ' ']);
        } else {
            chars.push(c);
        }
    }
    chars.push(' ');
    let digit = |c: char| c.is_ascii_digit();
    // ([^0-9])([\.,]) -> '\1 \2 ', then ([\.,])([^0-9]) -> ' \1 \2'
    let chars = split_marks(&chars, digit, |c| c == '.' || c == ',');
    // ([0-9])(-) -> '\1 \2 '
    let chars = pair_pass(
        &chars,
        |a, b| digit(a) && b == '-',
        |a, b, out| out.extend([a, ' ', b, ' ']),
    );
    chars.into_iter().collect()
}

fn is_number(c: char) -> bool {
    matches!(
        get_general_category(c),
        Gc::DecimalNumber | Gc::LetterNumber | Gc::OtherNumber
    )
}

fn is_punctuation(c: char) -> bool {
    matches!(
        get_general_category(c),
        Gc::ConnectorPunctuation
            | Gc::DashPunctuation
            | Gc::OpenPunctuation
            | Gc::ClosePunctuation
            | Gc::InitialPunctuation
            | Gc::FinalPunctuation
            | Gc::OtherPunctuation
    )
}

fn is_symbol(c: char) -> bool {
    matches!(
        get_general_category(c),
        Gc::MathSymbol | Gc::CurrencySymbol | Gc::ModifierSymbol | Gc::OtherSymbol
    )
}

/// mteval-v14 international as in sacreBLEU's `TokenizerV14International`, before spaces
/// collapse.
fn tokenize_intl(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    // (\P{N})(\p{P}) -> '\1 \2 ', then (\p{P})(\P{N}) -> ' \1 \2'
    let chars = split_marks(&chars, is_number, is_punctuation);
    // (\p{S}) -> ' \1 '
    let mut out = String::with_capacity(chars.len() * 2);
    for c in chars {
        if is_symbol(c) {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirteen_a_keeps_decimals_and_splits_final_period() {
        assert_eq!(
            Tokenize::Mteval13a.apply("It costs $3.50, ok."),
            "It costs $ 3.50 , ok ."
        );
    }

    #[test]
    fn python_whitespace_includes_file_separators() {
        assert!(is_python_whitespace('\u{1f}'));
        assert!(!is_python_whitespace('\u{200b}'));
    }
}
