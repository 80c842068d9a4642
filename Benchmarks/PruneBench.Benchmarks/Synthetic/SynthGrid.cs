using PruneBench.Abstractions.Tokens;

namespace PruneBench.Benchmarks.Synthetic;

/// <summary>The frame grid of the synthetic suite: the same as-square-as-possible grid the layouts use.</summary>
public static class SynthGrid
{
    /// <summary>Grid rows for <paramref name="tokensPerFrame"/> (rows ≤ cols, rows × cols = n).</summary>
    public static int RowsFor(int tokensPerFrame) => SampleLayout.WithSquareGrid(0, 1, tokensPerFrame, 0).GridRows;
}
