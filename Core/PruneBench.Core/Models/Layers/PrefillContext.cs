namespace PruneBench.Core.Models.Layers;

/// <summary>Per-layer prefill inputs besides the hidden states.</summary>
/// <param name="Positions">[axes][T] RoPE position ids of each row (original positions; gaps after pruning): one axis for 1-D RoPE, three (t, h, w) for M-RoPE; no axis for a layer that applies no RoPE (the engine then need not bring its metadata up to date).</param>
/// <param name="LogSizes">[T] log(token size) added to attention logits of each key (proportional attention), or null.</param>
/// <param name="ExtraCapacity">Decode steps to leave room for in the caches.</param>
/// <param name="Probe">Signals to compute at this layer, or null.</param>
internal sealed record PrefillContext(int[][] Positions, float[]? LogSizes, int ExtraCapacity, SignalProbe? Probe);
