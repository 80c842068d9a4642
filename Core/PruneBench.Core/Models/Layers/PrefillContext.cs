using PruneBench.Core.Tensors;

namespace PruneBench.Core.Models.Layers;

/// <summary>Per-layer prefill inputs besides the hidden states.</summary>
/// <param name="Positions">Per axis, F32 [T] RoPE position ids of each row on the backend (original positions; gaps after pruning; owned by the engine): one axis for 1-D RoPE, three (t, h, w) for M-RoPE; none for a model without RoPE.</param>
/// <param name="LogSizes">[T] log(token size) added to attention logits of each key (proportional attention), or null.</param>
/// <param name="ExtraCapacity">Decode steps to leave room for in the caches.</param>
/// <param name="Probe">Signals to compute at this layer, or null.</param>
/// <param name="Compaction">The short path's decision after this layer, asked for by the layer before its last residual add (which then adds and writes only the rows kept), or null.</param>
internal sealed record PrefillContext(Tensor[] Positions, float[]? LogSizes, int ExtraCapacity, SignalProbe? Probe, RowCompaction? Compaction = null);

/// <summary>A compaction decided inside a layer, once its mixing is done (the scores of this layer exist).</summary>
/// <param name="Decide">The kept visual tokens (I32 [k], ascending; owned by the engine), or null when none are dropped.</param>
/// <param name="Start">Row of the first visual token.</param>
/// <param name="Count">Visual tokens entering the layer (the run the kept indices refer to).</param>
internal sealed record RowCompaction(Func<Tensor?> Decide, int Start, int Count);
