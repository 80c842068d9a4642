using PruneBench.Core.Tensors;

namespace PruneBench.Core.Models.Layers;

/// <summary>Per-layer prefill inputs besides the hidden states.</summary>
/// <param name="Positions">Per axis, F32 [T] RoPE position ids of each row on the backend (original positions; gaps after pruning; owned by the engine): one axis for 1-D RoPE, three (t, h, w) for M-RoPE; none for a model without RoPE.</param>
/// <param name="LogSizes">[T] log(token size) added to attention logits of each key (proportional attention), or null.</param>
/// <param name="ExtraCapacity">Decode steps to leave room for in the caches.</param>
/// <param name="Probe">Signals to compute at this layer, or null.</param>
internal sealed record PrefillContext(Tensor[] Positions, float[]? LogSizes, int ExtraCapacity, SignalProbe? Probe);
