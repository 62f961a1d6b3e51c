//! Markup for stage 1: HTML comments, `<script>`/`<style>` elements, tags and entities (the
//! rules are in the documentation of the `clean` module).

use std::sync::OnceLock;

use regex::{Captures, Regex};

use super::clean::{compile, replace, Kind};
use super::record::Examples;

struct Patterns {
    comment: Regex,
    hidden: Regex,
    tag: Regex,
    entity: Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| Patterns {
        comment: compile(r"(?s)<!--.*?-->"),
        hidden: compile(r"(?is)<script\b[^>]*>.*?</script\s*>|<style\b[^>]*>.*?</style\s*>"),
        tag: compile(r"</?([A-Za-z][A-Za-z0-9:-]*)(?:\s[^<>]*)?/?>|<[!?][^<>]*>"),
        entity: compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z][A-Za-z0-9]{1,7}));"),
    })
}

/// Elements whose tags separate words.
#[rustfmt::skip]
const BLOCK_ELEMENTS: &[&str] = &[
    "address", "article", "aside", "blockquote", "body", "br", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head",
    "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody",
    "td", "tfoot", "th", "thead", "title", "tr", "ul",
];

/// Named entities decoded besides the numeric ones.
#[rustfmt::skip]
const NAMED_ENTITIES: &[(&str, char)] = &[
    ("amp", '&'), ("lt", '<'), ("gt", '>'), ("quot", '"'), ("apos", '\''), ("nbsp", '\u{a0}'),
    ("ndash", '–'), ("mdash", '—'), ("hellip", '…'), ("lsquo", '‘'), ("rsquo", '’'),
    ("ldquo", '“'), ("rdquo", '”'), ("laquo", '«'), ("raquo", '»'), ("copy", '©'),
    ("reg", '®'), ("trade", '™'), ("euro", '€'), ("pound", '£'), ("deg", '°'),
    ("times", '×'), ("middot", '·'),
];

/// Removes comments, script/style elements and tags, then decodes entities.
pub(super) fn strip_markup(text: &str, examples: &mut Examples) -> (String, Vec<Kind>) {
    let p = patterns();
    let mut comments = Kind::new("comments removed", "removed", ("comment", "comments"));
    let mut hidden = Kind::new(
        "script/style elements removed",
        "removed",
        ("script/style element", "script/style elements"),
    );
    let mut tags = Kind::new("tags removed", "removed", ("tag", "tags"));
    let mut entities = Kind::new("entities decoded", "decoded", ("entity", "entities"));
    let out = replace(&p.comment, text, |c| {
        comments.record(examples, &c[0], "");
        String::new()
    });
    let out = replace(&p.hidden, &out, |c| {
        hidden.record(examples, &c[0], " ");
        " ".to_string()
    });
    let out = replace(&p.tag, &out, |c| {
        let block = c.get(1).is_some_and(|name| {
            BLOCK_ELEMENTS.contains(&name.as_str().to_ascii_lowercase().as_str())
        });
        let after = if block { " " } else { "" };
        tags.record(examples, &c[0], after);
        after.to_string()
    });
    let out = replace(&p.entity, &out, |c| match decode_entity(c) {
        Some(decoded) => {
            let decoded = decoded.to_string();
            entities.record(examples, &c[0], &decoded);
            decoded
        }
        None => c[0].to_string(),
    });
    (out, vec![comments, hidden, tags, entities])
}

fn decode_entity(c: &Captures<'_>) -> Option<char> {
    if let Some(decimal) = c.get(1) {
        return decimal.as_str().parse().ok().and_then(numeric_char);
    }
    if let Some(hex) = c.get(2) {
        return u32::from_str_radix(hex.as_str(), 16)
            .ok()
            .and_then(numeric_char);
    }
    let name = c.get(3)?.as_str();
    NAMED_ENTITIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, ch)| *ch)
}

/// A numeric character reference's character; NUL, surrogates and values past U+10FFFF have
/// none, and the reference is left as it is.
fn numeric_char(code: u32) -> Option<char> {
    if code == 0 {
        return None;
    }
    char::from_u32(code)
}
