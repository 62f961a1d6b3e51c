//! sacreBLEU's options for BLEU: tokenizer, smoothing, case, effective order, and the
//! signature that names them.

use super::SACREBLEU_VERSION;
use crate::engine::metrics::tokenize::{python_rstrip, Tokenize};
use crate::engine::Error;

/// What to do when an n-gram order has no match (Chen & Cherry, 2014).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SmoothMethod {
    /// Method 3, NIST: the k-th order with no match counts as `1 / (2^k · total)`.
    #[default]
    Exp,
    /// No smoothing: one order without a match makes BLEU 0.
    None,
    /// Method 1: an order with no match counts as `smooth_value / total` (default 0.1).
    Floor,
    /// Method 2: add `smooth_value` (default 1) to the matches and totals of orders 2..4.
    AddK,
}

impl SmoothMethod {
    /// Every method, in the order the page lists them.
    pub const ALL: [SmoothMethod; 4] = [
        SmoothMethod::Exp,
        SmoothMethod::None,
        SmoothMethod::Floor,
        SmoothMethod::AddK,
    ];

    /// sacreBLEU's name for the method.
    pub fn name(self) -> &'static str {
        match self {
            SmoothMethod::Exp => "exp",
            SmoothMethod::None => "none",
            SmoothMethod::Floor => "floor",
            SmoothMethod::AddK => "add-k",
        }
    }

    /// sacreBLEU's `SMOOTH_DEFAULTS`: the value used when none is given.
    pub fn default_value(self) -> Option<f64> {
        match self {
            SmoothMethod::Floor => Some(0.1),
            SmoothMethod::AddK => Some(1.0),
            SmoothMethod::Exp | SmoothMethod::None => None,
        }
    }
}

named_choice!(SmoothMethod, name, "smoothing");

/// sacreBLEU's BLEU options. `Default` is corpus BLEU's defaults; see [`BleuOptions::sentence`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BleuOptions {
    /// The tokenizer (`13a` by default).
    pub tokenize: Tokenize,
    /// The smoothing method (`exp` by default).
    pub smooth_method: SmoothMethod,
    /// The value for `floor` and `add-k`; `None` takes the method's default.
    pub smooth_value: Option<f64>,
    /// Lowercase hypotheses and references before tokenizing.
    pub lowercase: bool,
    /// Average only over the orders the hypothesis has n-grams for (sentence BLEU's default).
    pub effective_order: bool,
}

impl Default for BleuOptions {
    fn default() -> Self {
        BleuOptions {
            tokenize: Tokenize::Mteval13a,
            smooth_method: SmoothMethod::Exp,
            smooth_value: None,
            lowercase: false,
            effective_order: false,
        }
    }
}

impl BleuOptions {
    /// The defaults of `sacrebleu.sentence_bleu` (effective order on).
    pub fn sentence() -> Self {
        BleuOptions {
            effective_order: true,
            ..BleuOptions::default()
        }
    }

    pub(crate) fn validate(&self) -> Result<(), Error> {
        if let Some(value) = self.smooth_value {
            // Floor's ε stands in for a precision (0 < ε ≤ 1: log 0 is undefined and above 1
            // BLEU passes 100); add-k's k is added to counts.
            match self.smooth_method {
                SmoothMethod::Floor => crate::engine::limits::BLEU_FLOOR_VALUE.check(value)?,
                _ => crate::engine::limits::BLEU_ADD_K.check(value)?,
            };
        }
        Ok(())
    }

    /// The smoothing value in force: the given one or the method's default.
    pub fn effective_smooth_value(&self) -> Option<f64> {
        self.smooth_value.or(self.smooth_method.default_value())
    }

    /// sacreBLEU's signature, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`.
    /// `nrefs` is `None` when segments have different numbers of references (`nrefs:var`).
    pub fn signature(&self, nrefs: Option<usize>) -> String {
        let nrefs = nrefs.map_or("var".to_string(), |n| n.to_string());
        let mut smooth = self.smooth_method.name().to_string();
        // sacreBLEU names a value only for the methods that take one.
        if self.smooth_method.default_value().is_some() {
            let value = self.effective_smooth_value().unwrap_or_default();
            smooth.push_str(&format!("[{value:.2}]"));
        }
        format!(
            "nrefs:{nrefs}|case:{}|eff:{}|tok:{}|smooth:{smooth}|version:{SACREBLEU_VERSION}",
            if self.lowercase { "lc" } else { "mixed" },
            if self.effective_order { "yes" } else { "no" },
            self.tokenize.signature(),
        )
    }

    /// Lowercase (if asked), strip trailing whitespace, tokenize: sacreBLEU's
    /// `_preprocess_segment`, then split into tokens.
    pub fn tokens(&self, segment: &str) -> Vec<String> {
        let lowered;
        let segment = if self.lowercase {
            lowered = segment.to_lowercase();
            &lowered
        } else {
            segment
        };
        self.tokenize.tokens(python_rstrip(segment))
    }
}
