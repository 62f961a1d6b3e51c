//! How a BLEU score is built: four precisions, their geometric mean, the brevity penalty.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::engine::metrics::{Bleu, MAX_NGRAM_ORDER};
use crate::render::charts::frame::{build_chart, Margins};
use crate::render::kit::{CENTRE, TOP_LEFT};
use crate::render::{figure_data, RenderError, Theme};
use serde_json::{json, Map};

/// The brevity penalty's bar's label.
const BP_LABEL: &str = "× BP";

/// One bar of the build-up chart.
struct Bar {
    label: String,
    /// Height on the 0..100 axis.
    value: f64,
    /// The text above the bar.
    caption: String,
    colour: RGBColor,
}

/// The bars: p1..p4, their geometric mean, the brevity penalty and the score.
fn bars(bleu: &Bleu, theme: &Theme) -> Vec<Bar> {
    let mut bars = Vec::new();
    let used = bleu.orders_used;
    for n in 0..MAX_NGRAM_ORDER {
        let in_mean = n < used;
        bars.push(Bar {
            label: format!("p{}", n + 1),
            value: bleu.precisions[n],
            caption: if in_mean || used == 0 {
                format!("{:.1}", bleu.precisions[n])
            } else {
                "not used".to_string()
            },
            colour: if in_mean { theme.accent } else { theme.unused },
        });
    }
    let geometric_mean = if bleu.bp > 0.0 {
        bleu.score / bleu.bp
    } else {
        0.0
    };
    bars.push(Bar {
        label: "mean".to_string(),
        value: geometric_mean,
        caption: format!("{geometric_mean:.1}"),
        colour: theme.accent_2,
    });
    bars.push(Bar {
        label: BP_LABEL.to_string(),
        value: bleu.bp * 100.0,
        caption: format!("{:.3}", bleu.bp),
        colour: theme.muted,
    });
    bars.push(Bar {
        label: "BLEU".to_string(),
        value: bleu.score,
        caption: format!("{:.2}", bleu.score),
        colour: theme.result,
    });
    bars
}

/// Draws the precisions p1..p4 (grey when effective order leaves them out), their geometric
/// mean, the brevity penalty (as BP × 100) and the score, on one 0..100 axis.
pub fn draw_bleu_buildup<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    bleu: &Bleu,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let bars = bars(bleu, theme);
    figure_data::record(|| {
        let mut values = Map::new();
        for bar in &bars {
            // The brevity penalty's bar is drawn as BP × 100; its caption writes BP.
            let value = if bar.label == BP_LABEL {
                bleu.bp
            } else {
                bar.value
            };
            values.insert(bar.label.clone(), figure_data::number(value));
        }
        json!({"kind": "values", "title": "BLEU build-up", "values": values,
            "orders_used": bleu.orders_used, "scale": "p1..p4, mean and BLEU in percent; BP as a factor"})
    });
    let font = theme.small_text(theme.ink, TOP_LEFT);
    let margins = Margins {
        top: theme.px(8.0),
        right: theme.px(8.0),
        bottom: theme.px(8.0),
        left: theme.px(8.0),
        x_labels: theme.px(22.0),
        y_labels: theme.px(34.0),
    };
    let mut chart = build_chart(area, margins, 0.0..bars.len() as f64, 0.0..112.0)?;
    let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .y_labels(6)
        .x_labels(bars.len() * 2 + 1)
        .x_label_formatter(&|x| {
            let index = x.floor() as usize;
            if (x - x.floor() - 0.5).abs() < 0.01 && index < labels.len() {
                labels[index].clone()
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|y| format!("{y:.0}"))
        .label_style(font.clone())
        .axis_style(theme.muted)
        .light_line_style(theme.background)
        .bold_line_style(theme.unused.mix(0.6))
        .draw()?;
    chart.draw_series(bars.iter().enumerate().map(|(i, bar)| {
        let x = i as f64;
        Rectangle::new(
            [(x + 0.15, 0.0), (x + 0.85, bar.value.clamp(0.0, 100.0))],
            bar.colour.filled(),
        )
    }))?;
    let caption = theme.small_text(theme.ink, CENTRE);
    chart.draw_series(bars.iter().enumerate().map(|(i, bar)| {
        let top = bar.value.clamp(0.0, 100.0) + 3.0;
        Text::new(bar.caption.clone(), (i as f64 + 0.5, top + 6.0), &caption)
    }))?;
    area.present()?;
    Ok(())
}
