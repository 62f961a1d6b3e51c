//! The attention explorer for JavaScript: queries, keys and values the page edits, a mask
//! (none, causal, padding, custom), scaling on or off, and what a fully masked row gives; the
//! engine's scaled dot-product attention under all four masks, drawn as three charts.

use ndarray::Array2;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::engine::attention::{self, FullyMasked, Scaling, Sdpa};
use crate::engine::Error;
use crate::render::{
    draw_explorer, explorer_cell_at, explorer_height, ExplorerChart, ExplorerView,
};
use crate::web::canvas::{draw_on, Pointer};
use crate::web::choice::choice;
use crate::web::js_error;

choice! {
    #[doc = " One of the explorer's charts: the inputs, the steps, the masks side by side."]
    #[wasm_bindgen]
    pub enum ExplorerChartName("chart") => ExplorerChart {
        /// Q, K and V (editable).
        Inputs = "inputs" => ExplorerChart::Inputs,
        /// QKᵀ, the scaling, the mask, the masked scores, the weights, the output.
        Steps = "steps" => ExplorerChart::Steps,
        /// No mask, causal, padding and custom, each with its weights.
        Masks = "masks" => ExplorerChart::Masks,
    }
}

choice! {
    #[doc = " A mask of the explorer."]
    #[wasm_bindgen]
    pub enum ExplorerMask("mask") => usize {
        /// Every query attends to every key.
        None = "none" => 0,
        /// Query i attends to keys j ≤ i (PyTorch's is_causal, top-left aligned).
        Causal = "causal" => 1,
        /// The last keys are padding.
        Padding = "padding" => 2,
        /// Cells clicked on and off.
        Custom = "custom" => 3,
    }
}

choice! {
    #[doc = " What a fully masked row's softmax gives."]
    #[wasm_bindgen]
    pub enum ExplorerFullyMasked("fully masked row") => FullyMasked {
        /// −∞ everywhere: 0/0 = NaN.
        Nan = "nan" => FullyMasked::Nan,
        /// Zeros (PyTorch's scaled_dot_product_attention).
        Zeros = "zeros" => FullyMasked::Zeros,
        /// A −1e9 fill: a uniform row.
        Fill = "fill" => FullyMasked::Fill,
    }
}

choice! {
    #[doc = " One of the explorer's inputs."]
    #[wasm_bindgen]
    pub enum ExplorerMatrix("matrix") => usize {
        /// The queries, [Tq, d].
        Q = "q" => 0,
        /// The keys, [Tk, d].
        K = "k" => 1,
        /// The values, [Tk, dv].
        V = "v" => 2,
    }
}

/// A cell of one of the explorer's charts: its matrix (in the chart's order), row and column.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExplorerCell {
    /// The matrix, 0-based (inputs: Q, K, V; steps: S, scaled, mask, masked, A, O; masks:
    /// none, causal, padding, custom).
    pub matrix: usize,
    /// The row, 0-based.
    pub row: usize,
    /// The column, 0-based.
    pub column: usize,
}

/// The attention explorer: `softmax(QKᵀ · c + mask) V` of inputs the page edits, every
/// intermediate kept, under the four masks at once.
#[wasm_bindgen]
pub struct AttentionExplorer {
    inputs: [Array2<f64>; 3],
    custom: Array2<bool>,
    padded: usize,
    mask: usize,
    scaling: Scaling,
    fully_masked: FullyMasked,
    selected: Option<(usize, usize, usize)>,
    /// The runs under no mask, causal, padding and custom.
    runs: Vec<Sdpa>,
}

/// The custom mask the explorer starts with at `Tq × Tk`: each query attends to keys within one
/// position of it, and the second query to none (a fully masked row).
fn default_custom(queries: usize, keys: usize) -> Array2<bool> {
    Array2::from_shape_fn((queries, keys), |(i, j)| i != 1 && j + 1 >= i && j <= i + 1)
}

#[wasm_bindgen]
impl AttentionExplorer {
    /// The explorer's start: 3 queries, 4 keys, d = dv = 2, the custom mask (its second row
    /// fully masked), scaling on, −∞ masking (NaN).
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<AttentionExplorer, JsError> {
        let mut explorer = AttentionExplorer {
            inputs: attention::sdpa_example(3, 4, 2, 2),
            custom: default_custom(3, 4),
            padded: 1,
            mask: 3,
            scaling: Scaling::Sqrt,
            fully_masked: FullyMasked::Nan,
            selected: None,
            runs: Vec::new(),
        };
        explorer.run().map_err(js_error)?;
        Ok(explorer)
    }

    /// New sizes: entries and custom cells inside both sizes are kept, new ones come from the
    /// example (custom cells from the starting pattern); throws on a size out of range.
    pub fn resize(
        &mut self,
        queries: usize,
        keys: usize,
        d: usize,
        dv: usize,
    ) -> Result<(), JsError> {
        let example = attention::sdpa_example(queries, keys, d, dv);
        let old = (self.inputs.clone(), self.custom.clone());
        let keep = |old: &Array2<f64>, mut new: Array2<f64>| {
            for ((i, j), x) in new.indexed_iter_mut() {
                if let Some(&value) = old.get((i, j)) {
                    *x = value;
                }
            }
            new
        };
        let [q, k, v] = example;
        self.inputs = [keep(&old.0[0], q), keep(&old.0[1], k), keep(&old.0[2], v)];
        let mut custom = default_custom(queries, keys);
        for ((i, j), x) in custom.indexed_iter_mut() {
            if let Some(&value) = old.1.get((i, j)) {
                *x = value;
            }
        }
        self.custom = custom;
        self.selected = None;
        self.padded = self.padded.min(keys);
        if let Err(error) = self.run() {
            (self.inputs, self.custom) = old;
            self.run().map_err(js_error)?;
            return Err(js_error(error));
        }
        Ok(())
    }

    /// Sets entry (`row`, `column`) of `matrix`; a value that is not finite or beyond ±100
    /// throws and nothing changes.
    #[wasm_bindgen(js_name = setEntry)]
    pub fn set_entry(
        &mut self,
        matrix: ExplorerMatrix,
        row: usize,
        column: usize,
        value: f64,
    ) -> Result<(), JsError> {
        let m = matrix.value()?;
        let name = ["an entry of Q", "an entry of K", "an entry of V"][m];
        let value = attention::sdpa_value(name, value).map_err(js_error)?;
        let cell = self.inputs[m].get_mut((row, column)).ok_or_else(|| {
            JsError::new(&format!(
                "{name} at row {} column {} does not exist",
                row + 1,
                column + 1
            ))
        })?;
        *cell = value;
        self.run().map_err(js_error)
    }

    /// Entry (`row`, `column`) of `matrix` (NaN outside it).
    pub fn entry(&self, matrix: ExplorerMatrix, row: usize, column: usize) -> Result<f64, JsError> {
        Ok(self.inputs[matrix.value()?]
            .get((row, column))
            .copied()
            .unwrap_or(f64::NAN))
    }

    /// Every entry of `matrix`, row by row.
    pub fn entries(&self, matrix: ExplorerMatrix) -> Result<Vec<f64>, JsError> {
        Ok(self.inputs[matrix.value()?].iter().copied().collect())
    }

    /// Whether `matrix` holds the example's entries for its size (a link leaves it out then).
    #[wasm_bindgen(js_name = isExample)]
    pub fn is_example(&self, matrix: ExplorerMatrix) -> Result<bool, JsError> {
        let m = matrix.value()?;
        let [q, k, v] = &self.inputs;
        let example = attention::sdpa_example(q.nrows(), k.nrows(), q.ncols(), v.ncols());
        Ok(example[m] == self.inputs[m])
    }

    /// Outlines cell (`row`, `column`) of `matrix` in the inputs chart.
    pub fn select(
        &mut self,
        matrix: ExplorerMatrix,
        row: usize,
        column: usize,
    ) -> Result<(), JsError> {
        self.selected = Some((matrix.value()?, row, column));
        Ok(())
    }

    /// Outlines no cell.
    #[wasm_bindgen(js_name = clearSelection)]
    pub fn clear_selection(&mut self) {
        self.selected = None;
    }

    /// Chooses the mask the steps show.
    #[wasm_bindgen(js_name = setMask)]
    pub fn set_mask(&mut self, mask: ExplorerMask) -> Result<(), JsError> {
        self.mask = mask.value()?;
        Ok(())
    }

    /// How many of the last keys are padding (0 to Tk); throws beyond.
    #[wasm_bindgen(js_name = setPadded)]
    pub fn set_padded(&mut self, padded: usize) -> Result<(), JsError> {
        let keys = self.keys();
        Error::check_between("the number of padding keys", padded, 0, keys).map_err(js_error)?;
        self.padded = padded;
        self.run().map_err(js_error)
    }

    /// Turns custom cell (`row`, `column`) on or off.
    #[wasm_bindgen(js_name = toggleCustom)]
    pub fn toggle_custom(&mut self, row: usize, column: usize) -> Result<(), JsError> {
        let cell = self
            .custom
            .get_mut((row, column))
            .ok_or_else(|| JsError::new("no such cell of the custom mask"))?;
        *cell = !*cell;
        self.run().map_err(js_error)
    }

    /// The custom mask row by row, `1` (may attend) or `0`, rows separated by `.`.
    #[wasm_bindgen(getter)]
    pub fn custom(&self) -> String {
        let rows: Vec<String> = self
            .custom
            .rows()
            .into_iter()
            .map(|row| row.iter().map(|&x| if x { '1' } else { '0' }).collect())
            .collect();
        rows.join(".")
    }

    /// Whether the custom mask is the starting one for its size.
    #[wasm_bindgen(getter, js_name = isDefaultCustom)]
    pub fn is_default_custom(&self) -> bool {
        self.custom == default_custom(self.custom.nrows(), self.custom.ncols())
    }

    /// Divides the scores by √d (or not).
    #[wasm_bindgen(js_name = setScaled)]
    pub fn set_scaled(&mut self, scaled: bool) -> Result<(), JsError> {
        self.scaling = if scaled { Scaling::Sqrt } else { Scaling::Off };
        self.run().map_err(js_error)
    }

    /// What a fully masked row gives.
    #[wasm_bindgen(js_name = setFullyMasked)]
    pub fn set_fully_masked(&mut self, choice: ExplorerFullyMasked) -> Result<(), JsError> {
        self.fully_masked = choice.value()?;
        self.run().map_err(js_error)
    }

    /// The number of queries Tq.
    #[wasm_bindgen(getter)]
    pub fn queries(&self) -> usize {
        self.inputs[0].nrows()
    }

    /// The number of keys Tk.
    #[wasm_bindgen(getter)]
    pub fn keys(&self) -> usize {
        self.inputs[1].nrows()
    }

    /// The width d of queries and keys.
    #[wasm_bindgen(getter)]
    pub fn width(&self) -> usize {
        self.inputs[0].ncols()
    }

    /// The width dv of values.
    #[wasm_bindgen(getter, js_name = valueWidth)]
    pub fn value_width(&self) -> usize {
        self.inputs[2].ncols()
    }

    /// The largest magnitude of an entry.
    #[wasm_bindgen(getter, js_name = maxValue)]
    pub fn max_value() -> f64 {
        attention::SDPA_MAX_VALUE
    }

    /// The factor c the scores are multiplied by: 1/√d, or 1 with scaling off.
    #[wasm_bindgen(getter)]
    pub fn scale(&self) -> f64 {
        self.chosen().scale
    }

    /// The queries (0-based) whose row of `mask` has nothing to attend to.
    #[wasm_bindgen(js_name = fullyMaskedRows)]
    pub fn fully_masked_rows(&self, mask: ExplorerMask) -> Result<Vec<u32>, JsError> {
        let run = &self.runs[mask.value()?];
        Ok(run.fully_masked_rows.iter().map(|&i| i as u32).collect())
    }

    /// Whether query `row` may attend to key `column` under `mask`.
    pub fn allowed(&self, mask: ExplorerMask, row: usize, column: usize) -> Result<bool, JsError> {
        Ok(self.runs[mask.value()?]
            .mask
            .get((row, column))
            .copied()
            .unwrap_or(false))
    }

    /// `QKᵀ` at (`row`, `column`) (the same under every mask).
    pub fn score(&self, row: usize, column: usize) -> f64 {
        self.chosen()
            .scores
            .get((row, column))
            .copied()
            .unwrap_or(f64::NAN)
    }

    /// The scaled score at (`row`, `column`).
    pub fn scaled(&self, row: usize, column: usize) -> f64 {
        self.chosen()
            .scaled
            .get((row, column))
            .copied()
            .unwrap_or(f64::NAN)
    }

    /// The masked score at (`row`, `column`) under the chosen mask (−∞ where masked; −1e9
    /// with the fill).
    pub fn masked(&self, row: usize, column: usize) -> f64 {
        self.chosen()
            .masked
            .get((row, column))
            .copied()
            .unwrap_or(f64::NAN)
    }

    /// The weight of key `column` for query `row` under `mask` (NaN in a fully masked row
    /// under −∞ masking).
    pub fn weight(&self, mask: ExplorerMask, row: usize, column: usize) -> Result<f64, JsError> {
        Ok(self.runs[mask.value()?]
            .weights
            .get((row, column))
            .copied()
            .unwrap_or(f64::NAN))
    }

    /// Output entry (`row`, `column`) under the chosen mask.
    pub fn output(&self, row: usize, column: usize) -> f64 {
        self.chosen()
            .output
            .get((row, column))
            .copied()
            .unwrap_or(f64::NAN)
    }

    /// The height, in CSS pixels, `chart` needs at a CSS width (for `pixelRatio`).
    pub fn height(
        &self,
        chart: ExplorerChartName,
        css_width: f64,
        pixel_ratio: f64,
    ) -> Result<f64, JsError> {
        let chart = chart.value()?;
        let theme = crate::render::Theme::light(pixel_ratio);
        let width = (css_width.max(1.0) * theme.pixel_ratio).round() as u32;
        let height = explorer_height(chart, &self.view(), width, &theme);
        Ok((f64::from(height) / theme.pixel_ratio).ceil())
    }

    /// Draws `chart`.
    pub fn draw(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
        chart: ExplorerChartName,
    ) -> Result<(), JsError> {
        let chart = chart.value()?;
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_explorer(area, chart, &self.view(), theme)
        })
    }

    /// The cell of `chart` under a pointer, if any.
    #[wasm_bindgen(js_name = cellAt)]
    pub fn cell_at(
        &self,
        chart: ExplorerChartName,
        pointer: Pointer,
    ) -> Result<Option<ExplorerCell>, JsError> {
        let chart = chart.value()?;
        let theme = pointer.theme();
        Ok(
            explorer_cell_at(chart, &self.view(), pointer.width, &theme, pointer.at()).map(
                |(matrix, row, column)| ExplorerCell {
                    matrix,
                    row,
                    column,
                },
            ),
        )
    }
}

impl AttentionExplorer {
    /// The run under the chosen mask.
    fn chosen(&self) -> &Sdpa {
        &self.runs[self.mask]
    }

    /// What the charts draw.
    fn view(&self) -> ExplorerView<'_> {
        ExplorerView {
            run: self.chosen(),
            masks: &self.runs,
            chosen: self.mask,
            selected: self.selected,
        }
    }

    /// Attention under each mask; on an error nothing changes.
    fn run(&mut self) -> Result<(), Error> {
        let [q, k, v] = &self.inputs;
        let (queries, keys) = (q.nrows(), k.nrows());
        let masks = [
            Array2::from_elem((queries, keys), true),
            attention::causal_mask(queries, keys),
            attention::padding_mask(queries, keys, self.padded),
            self.custom.clone(),
        ];
        let runs = masks
            .iter()
            .map(|mask| {
                attention::sdpa(
                    q.view(),
                    k.view(),
                    v.view(),
                    mask.view(),
                    self.scaling,
                    self.fully_masked,
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.runs = runs;
        Ok(())
    }
}
