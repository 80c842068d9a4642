namespace PruneBench.Abstractions.Signals;

/// <summary>One row per current visual token, row-major: keys or hidden states.</summary>
/// <param name="Values">[Rows × Width] values.</param>
/// <param name="Width">Width of a row (head_dim for keys, hidden_size for hidden states).</param>
public sealed record RowSignal(float[] Values, int Width)
{
    /// <summary>Number of rows (the visual tokens).</summary>
    public int Rows => Width == 0 ? 0 : Values.Length / Width;
}
