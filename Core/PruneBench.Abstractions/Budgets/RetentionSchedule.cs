namespace PruneBench.Abstractions.Budgets;

/// <summary>
/// Planned retention r_ℓ = visual tokens entering layer ℓ / N_v, for ℓ = 0..L−1 (METHODS.md notation).
/// A drop between r_ℓ and r_{ℓ+1} is a decision after layer ℓ; a drop at ℓ = 0 is a decision after
/// layer −1 ("before the LLM"). Mean retention ρ is what a budget constrains.
/// </summary>
public sealed class RetentionSchedule
{
    private readonly double[] _entering;

    /// <param name="entering">[L] planned retention entering each layer, non-increasing, in (0, 1].</param>
    public RetentionSchedule(double[] entering)
    {
        _entering = entering;
    }

    /// <summary>Number of layers L.</summary>
    public int Layers => _entering.Length;

    /// <summary>ρ = mean over layers of r_ℓ.</summary>
    public double Mean => _entering.Length == 0 ? 1 : _entering.Average();

    /// <summary>r_ℓ.</summary>
    public double this[int layer] => _entering[layer];

    /// <summary>A schedule that keeps everything for <paramref name="firstReduced"/> layers, then <paramref name="ratio"/>.</summary>
    public static RetentionSchedule OneShot(int layers, int firstReduced, double ratio) =>
        new(Enumerable.Range(0, layers).Select(l => l < firstReduced ? 1.0 : ratio).ToArray());

    /// <summary>
    /// The schedule that, after each layer ℓ = 0..L−2, drops the fraction <paramref name="drops"/>[ℓ] of the visual
    /// tokens still alive: r_0 = 1, r_{ℓ+1} = r_ℓ·(1 − p_ℓ).
    /// </summary>
    /// <param name="drops">[L − 1] drop fraction after each layer, each in [0, 1].</param>
    public static RetentionSchedule FromDropFractions(IReadOnlyList<double> drops)
    {
        var entering = new double[drops.Count + 1];
        entering[0] = 1;
        for (var l = 0; l < drops.Count; l++)
        {
            entering[l + 1] = entering[l] * (1 - drops[l]);
        }

        return new RetentionSchedule(entering);
    }

    /// <summary>
    /// Visual tokens planned to enter <paramref name="layer"/> for a sample of <paramref name="visualCount"/>:
    /// ⌈r_ℓ·N_v⌉ clamped to [1, N_v]; the ceiling keeps the measured count within one token of the plan.
    /// </summary>
    public int Count(int layer, int visualCount)
    {
        if (layer >= _entering.Length)
        {
            return Count(_entering.Length - 1, visualCount);
        }

        var c = (int)Math.Ceiling(_entering[layer] * visualCount - 1e-9);
        return Math.Clamp(c, 1, visualCount);
    }

    /// <summary>True when the plan drops tokens right after <paramref name="layer"/> (−1 = before the LLM).</summary>
    public bool DropsAfter(int layer) =>
        layer + 1 < _entering.Length && _entering[layer + 1] < (layer < 0 ? 1.0 : _entering[layer]);
}
