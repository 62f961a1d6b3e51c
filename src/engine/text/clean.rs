//! Stage 1, cleaning: markup, URLs and e-mail addresses, control characters.
//!
//! Markup: HTML comments and `<script>` / `<style>` elements (with their content) go first,
//! then every tag `<name ...>`, `</name>`, `<!...>`, `<?...?>`. A tag of a block element
//! (`p`, `div`, `br`, `li`, `h1`, `td`, ...) becomes a space so the words on either side stay
//! apart; any other tag becomes nothing (`<b>bo</b>ld` → `bold`). Entities are decoded after
//! the tags are gone, so `&lt;b&gt;` stays as the text `<b>`: the common named ones (`&amp;`
//! `&lt;` `&gt;` `&quot;` `&apos;` `&nbsp;` → U+00A0, and a few typographic ones) and every
//! numeric one (`&#39;`, `&#x2014;`); an unknown name is left as it is.
//!
//! URLs (`http://`, `https://`, `ftp://` or `www.` up to the next space, less trailing
//! punctuation) and e-mail addresses are removed or replaced by [`URL_PLACEHOLDER`] /
//! [`EMAIL_PLACEHOLDER`], which the tokenizers keep whole.
//!
//! Control characters (Unicode category Cc) are removed, except tab and newline; a carriage
//! return becomes a newline (`\r\n` → `\n`), and the other whitespace controls (vertical tab,
//! form feed, U+0085) become a space. Format characters (Cf, e.g. U+200B) are kept.

use std::sync::OnceLock;

use regex::{Captures, Regex};

use super::markup;
use super::record::{count_of, join_phrases, Examples, Stage, StageRecord, Tally, Unit};

/// What cleaning does with URLs and e-mail addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UrlHandling {
    /// Leave them in the text.
    Keep,
    /// Remove them.
    Remove,
    /// Replace each by [`URL_PLACEHOLDER`] or [`EMAIL_PLACEHOLDER`].
    #[default]
    Placeholder,
}

/// The token that stands for a removed URL.
pub const URL_PLACEHOLDER: &str = "<url>";
/// The token that stands for a removed e-mail address.
pub const EMAIL_PLACEHOLDER: &str = "<email>";

/// Examples kept per kind of change, so one kind cannot fill the list.
const EXAMPLES_PER_KIND: usize = 3;

/// The patterns for URLs and e-mail addresses, compiled once.
struct Patterns {
    email: Regex,
    url: Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| Patterns {
        email: compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"),
        url: compile(r#"(?i)\b(?:(?:https?|ftp)://|www\.)[^\s<>"]+"#),
    })
}

/// Compiles one of the built-in patterns (each is tested, so this cannot fail).
pub(super) fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a built-in pattern is valid")
}

/// Counts and examples of one kind of change.
pub(super) struct Kind {
    /// The tally's label.
    label: &'static str,
    /// The summary's verb and noun (singular, plural): "removed" "3 tags".
    verb: &'static str,
    noun: (&'static str, &'static str),
    count: usize,
    shown: usize,
}

impl Kind {
    pub(super) fn new(
        label: &'static str,
        verb: &'static str,
        noun: (&'static str, &'static str),
    ) -> Self {
        Kind {
            label,
            verb,
            noun,
            count: 0,
            shown: 0,
        }
    }

    pub(super) fn record(&mut self, examples: &mut Examples, before: &str, after: &str) {
        self.count += 1;
        if self.shown < EXAMPLES_PER_KIND && !examples.is_full() {
            self.shown += 1;
            examples.push(before, after);
        }
    }
}

/// Runs stage 1 on `text`; returns the cleaned text and the stage's record.
pub(crate) fn clean(
    text: &str,
    markup: bool,
    urls: UrlHandling,
    controls: bool,
) -> (String, StageRecord) {
    let chars_in = text.chars().count();
    if !markup && urls == UrlHandling::Keep && !controls {
        return (
            text.to_string(),
            StageRecord::off(Stage::Cleaning, Unit::Characters, chars_in),
        );
    }
    let mut examples = Examples::default();
    let mut kinds: Vec<Kind> = Vec::new();
    let mut out = text.to_string();
    if markup {
        let (stripped, markup_kinds) = markup::strip_markup(&out, &mut examples);
        out = stripped;
        kinds.extend(markup_kinds);
    }
    if urls != UrlHandling::Keep {
        let (email_label, url_label, verb) = match urls {
            UrlHandling::Remove => ("e-mail addresses removed", "URLs removed", "removed"),
            _ => ("e-mail addresses replaced", "URLs replaced", "replaced"),
        };
        let placeholder = |token: &'static str| match urls {
            UrlHandling::Remove => "",
            _ => token,
        };
        let mut emails = Kind::new(email_label, verb, ("e-mail address", "e-mail addresses"));
        let mut links = Kind::new(url_label, verb, ("URL", "URLs"));
        out = replace(&patterns().email, &out, |c| {
            emails.record(&mut examples, &c[0], placeholder(EMAIL_PLACEHOLDER));
            placeholder(EMAIL_PLACEHOLDER).to_string()
        });
        out = replace(&patterns().url, &out, |c| {
            let (url, trailing) = split_trailing_punctuation(&c[0]);
            links.record(&mut examples, url, placeholder(URL_PLACEHOLDER));
            format!("{}{trailing}", placeholder(URL_PLACEHOLDER))
        });
        kinds.extend([emails, links]);
    }
    if controls {
        let (cleaned, control_kinds) = clean_controls(&out, &mut examples);
        out = cleaned;
        kinds.extend(control_kinds);
    }
    let chars_out = out.chars().count();
    let record = StageRecord {
        stage: Stage::Cleaning,
        enabled: true,
        unit_in: Unit::Characters,
        count_in: chars_in,
        count_out: chars_out,
        changed: kinds.iter().map(|k| k.count).sum(),
        removed: chars_in.saturating_sub(chars_out),
        summary: summarise(&kinds),
        tallies: kinds
            .iter()
            .map(|k| Tally {
                label: k.label,
                count: k.count,
            })
            .collect(),
        examples: examples.into_vec(),
        not_applicable: None,
    };
    (out, record)
}

/// `regex.replace_all` with a closure that may count what it replaces.
pub(super) fn replace(
    regex: &Regex,
    text: &str,
    mut f: impl FnMut(&Captures<'_>) -> String,
) -> String {
    regex
        .replace_all(text, |c: &Captures<'_>| f(c))
        .into_owned()
}

/// Splits a URL match into the URL and the sentence punctuation after it (`"x.com)."` →
/// `("x.com", ").")`); a `)` stays when the URL has an unmatched `(`.
fn split_trailing_punctuation(url: &str) -> (&str, &str) {
    // Parentheses still open in `url[..end]`, kept up to date as the end moves left.
    let mut open = url.matches('(').count() as i64 - url.matches(')').count() as i64;
    let mut end = url.len();
    for (index, c) in url.char_indices().rev() {
        // `url[..index]` has this `)` removed: one fewer closing parenthesis.
        let keep_paren = c == ')' && open + 1 > 0;
        if matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | ')' | ']' | '}'
        ) && !keep_paren
        {
            end = index;
            if c == ')' {
                open += 1;
            }
        } else {
            break;
        }
    }
    url.split_at(end)
}

fn clean_controls(text: &str, examples: &mut Examples) -> (String, Vec<Kind>) {
    let mut removed = Kind::new(
        "control characters removed",
        "removed",
        ("control character", "control characters"),
    );
    let mut spaces = Kind::new(
        "control characters made spaces",
        "made spaces of",
        (
            "whitespace control character",
            "whitespace control characters",
        ),
    );
    let mut line_ends = Kind::new(
        "carriage returns made newlines",
        "made newlines of",
        ("carriage return", "carriage returns"),
    );
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_control() || c == '\t' || c == '\n' {
            out.push(c);
        } else if c == '\r' {
            line_ends.record(examples, "\\r", "\\n");
            if chars.peek() != Some(&'\n') {
                out.push('\n');
            }
        } else if c.is_whitespace() {
            spaces.record(examples, &format!("U+{:04X}", u32::from(c)), " ");
            out.push(' ');
        } else {
            removed.record(examples, &format!("U+{:04X}", u32::from(c)), "");
        }
    }
    (out, vec![removed, spaces, line_ends])
}

fn summarise(kinds: &[Kind]) -> String {
    let phrases: Vec<String> = kinds
        .iter()
        .filter(|k| k.count > 0)
        .map(|k| format!("{} {}", k.verb, count_of(k.count, k.noun.0, k.noun.1)))
        .collect();
    if phrases.is_empty() {
        "nothing to clean".to_string()
    } else {
        join_phrases(&phrases)
    }
}
