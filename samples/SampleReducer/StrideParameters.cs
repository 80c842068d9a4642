using PruneBench.Abstractions.Parameters;

namespace SampleReducer;

/// <summary>Parameters of <see cref="StrideMethod"/>; each property is a <c>key=value</c> on the command line.</summary>
public sealed record StrideParameters
{
    /// <summary>Layer K: tokens are dropped before layer K (0 = before the language model).</summary>
    [Parameter("Layer before which every stride-th visual token is kept (0 = before the LLM).", Min = 0)]
    public int Layer { get; init; } = 2;

    /// <summary>Keep visual tokens 0, s, 2s, …; derived from the budget when not set.</summary>
    [Parameter("Keep every stride-th visual token (1 keeps all).", Min = 1)]
    public int Stride { get; init; } = 2;
}
