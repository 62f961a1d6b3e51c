//! Parameters (and gradients, which have the same shape) in one flat buffer, named and laid
//! out as PyTorch's `state_dict` of `Embedding → RNN/LSTM → Linear` modules named
//! `embedding`, `rnn`, `decoder`.
//!
//! One buffer makes the optimiser, clipping and norms a loop over one slice; views give each
//! tensor its PyTorch shape.

use ndarray::{ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2};

use crate::engine::nn::kernels::norm;

/// The tensors of a model, in `state_dict` order.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tensor {
    /// `embedding.weight`, `[V, E]`.
    Embedding,
    /// `rnn.weight_ih_l0`, `[G·H, E]` (G = 1 for RNN, 4 for LSTM: chunks i, f, g, o).
    WeightIh,
    /// `rnn.weight_hh_l0`, `[G·H, H]`.
    WeightHh,
    /// `rnn.bias_ih_l0`, `[G·H]`.
    BiasIh,
    /// `rnn.bias_hh_l0`, `[G·H]`.
    BiasHh,
    /// `decoder.weight`, `[V, H]`.
    DecoderWeight,
    /// `decoder.bias`, `[V]`.
    DecoderBias,
}

impl Tensor {
    /// Every tensor in `state_dict` order.
    pub const ALL: [Tensor; 7] = [
        Tensor::Embedding,
        Tensor::WeightIh,
        Tensor::WeightHh,
        Tensor::BiasIh,
        Tensor::BiasHh,
        Tensor::DecoderWeight,
        Tensor::DecoderBias,
    ];

    /// PyTorch's name for it.
    pub fn name(self) -> &'static str {
        match self {
            Tensor::Embedding => "embedding.weight",
            Tensor::WeightIh => "rnn.weight_ih_l0",
            Tensor::WeightHh => "rnn.weight_hh_l0",
            Tensor::BiasIh => "rnn.bias_ih_l0",
            Tensor::BiasHh => "rnn.bias_hh_l0",
            Tensor::DecoderWeight => "decoder.weight",
            Tensor::DecoderBias => "decoder.bias",
        }
    }

    /// The tensor called `name`, if any.
    pub fn from_name(name: &str) -> Option<Tensor> {
        Tensor::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// Sizes that fix every shape: vocabulary `V`, embedding `E`, hidden `H`, gates `G` (all 0 by
/// default: the sizes of no model).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Dims {
    /// Vocabulary size `V`.
    pub vocab: usize,
    /// Embedding size `E`.
    pub embedding: usize,
    /// Hidden size `H`.
    pub hidden: usize,
    /// Gate blocks `G`: 1 for RNN, 4 for LSTM.
    pub gates: usize,
}

impl Dims {
    /// The PyTorch shape of `tensor`: `[rows, cols]` for matrices, `[len]` for biases.
    pub fn shape(&self, tensor: Tensor) -> Vec<usize> {
        let gh = self.gates * self.hidden;
        match tensor {
            Tensor::Embedding => vec![self.vocab, self.embedding],
            Tensor::WeightIh => vec![gh, self.embedding],
            Tensor::WeightHh => vec![gh, self.hidden],
            Tensor::BiasIh | Tensor::BiasHh => vec![gh],
            Tensor::DecoderWeight => vec![self.vocab, self.hidden],
            Tensor::DecoderBias => vec![self.vocab],
        }
    }

    fn len(&self, tensor: Tensor) -> usize {
        self.shape(tensor).iter().product()
    }

    /// `(offset, length)` of `tensor` in the flat buffer.
    fn span(&self, tensor: Tensor) -> (usize, usize) {
        let mut offset = 0;
        for t in Tensor::ALL {
            if t == tensor {
                return (offset, self.len(t));
            }
            offset += self.len(t);
        }
        unreachable!("every tensor is in Tensor::ALL")
    }

    /// The number of parameters.
    pub fn total(&self) -> usize {
        Tensor::ALL.iter().map(|&t| self.len(t)).sum()
    }
}

/// Every parameter (or gradient) of a model in one buffer (empty by default).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Default)]
pub struct Params {
    dims: Dims,
    data: Vec<f32>,
}

impl Params {
    /// All zeros.
    pub fn zeros(dims: Dims) -> Params {
        Params {
            dims,
            data: vec![0.0; dims.total()],
        }
    }

    /// The sizes.
    pub fn dims(&self) -> Dims {
        self.dims
    }

    /// The flat buffer, tensors in `state_dict` order, each row-major.
    pub fn as_slice(&self) -> &[f32] {
        &self.data
    }

    /// The flat buffer, mutable.
    pub fn as_mut_slice(&mut self) -> &mut [f32] {
        &mut self.data
    }

    /// One tensor's entries, row-major.
    pub fn tensor(&self, tensor: Tensor) -> &[f32] {
        let (offset, len) = self.dims.span(tensor);
        &self.data[offset..offset + len]
    }

    /// A tensor's entries by its PyTorch name (`"rnn.weight_hh_l0"`, …), if there is one.
    pub fn by_name(&self, name: &str) -> Option<&[f32]> {
        Tensor::from_name(name).map(|tensor| self.tensor(tensor))
    }

    /// One tensor's entries, mutable.
    pub fn tensor_mut(&mut self, tensor: Tensor) -> &mut [f32] {
        let (offset, len) = self.dims.span(tensor);
        &mut self.data[offset..offset + len]
    }

    /// A matrix tensor as a view with its PyTorch shape.
    pub fn matrix(&self, tensor: Tensor) -> ArrayView2<'_, f32> {
        let shape = self.dims.shape(tensor);
        let (rows, cols) = (shape[0], shape.get(1).copied().unwrap_or(1));
        ArrayView2::from_shape((rows, cols), self.tensor(tensor)).expect("span matches shape")
    }

    /// A matrix tensor, mutable.
    pub fn matrix_mut(&mut self, tensor: Tensor) -> ArrayViewMut2<'_, f32> {
        let shape = self.dims.shape(tensor);
        let (rows, cols) = (shape[0], shape.get(1).copied().unwrap_or(1));
        ArrayViewMut2::from_shape((rows, cols), self.tensor_mut(tensor)).expect("span matches")
    }

    /// A vector tensor (a bias) as a view.
    pub fn vector(&self, tensor: Tensor) -> ArrayView1<'_, f32> {
        ArrayView1::from(self.tensor(tensor))
    }

    /// A vector tensor, mutable.
    pub fn vector_mut(&mut self, tensor: Tensor) -> ArrayViewMut1<'_, f32> {
        ArrayViewMut1::from(self.tensor_mut(tensor))
    }

    /// The Euclidean norm of everything: `sqrt(Σ x²)` (accumulated in f64).
    pub fn norm(&self) -> f64 {
        norm(&self.data)
    }

    /// The norm of one tensor.
    pub fn tensor_norm(&self, tensor: Tensor) -> f64 {
        norm(self.tensor(tensor))
    }

    /// Sets every entry to 0 (keeps the allocation).
    pub fn fill_zero(&mut self) {
        self.data.fill(0.0);
    }

    /// True when every entry is finite.
    pub fn all_finite(&self) -> bool {
        self.data.iter().all(|x| x.is_finite())
    }
}
