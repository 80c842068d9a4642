namespace PruneBench.Abstractions.Signals;

/// <summary>Signals a reducer can ask the engine for after a layer. The engine computes only these.</summary>
[Flags]
public enum SignalKinds
{
    /// <summary>Nothing; the reducer makes no decision after this layer.</summary>
    None = 0,

    /// <summary>
    /// Score per visual token from the layer's own mixer: query attention on attention layers, implicit
    /// attention on Mamba2 layers. MLP layers have none (the engine delivers no score there).
    /// </summary>
    Score = 1,

    /// <summary>Head-mean pre-RoPE keys of the visual tokens (attention layers only).</summary>
    Keys = 2,

    /// <summary>Hidden states of the visual tokens at the layer's input.</summary>
    Hidden = 4,

    /// <summary>Per-head, per-query attention <c>[heads, |Q|, V]</c> (attention layers only).</summary>
    RawAttention = 8,

    /// <summary>
    /// No tensor signal, only a decision: the reducer is called with the token metadata (positions, frames,
    /// grid cells, sizes). For methods that do not look at the model (random, pooling); costs nothing.
    /// </summary>
    Decision = 16,
}
