namespace PruneBench.Plugins.Builtin.Vas;

/// <summary>
/// Attention levels of one axis's groups over the last three tracked layers (VAS Algorithm 1: T for
/// frames, S for positions), indexed by ORIGINAL frame or position so drops do not shift the history.
/// Missing history is NaN: it never counts as shrinking and contributes 0 to the rank.
/// </summary>
internal sealed class GroupTrend(int groups)
{
    private double[] _previous = Filled(groups);
    private double[] _beforePrevious = Filled(groups);

    /// <summary>Level of each group at the latest layer (NaN for dropped groups).</summary>
    public double[] Current { get; private set; } = Filled(groups);

    /// <summary>Starts a new layer with its levels per group (NaN for dropped groups).</summary>
    public void Push(double[] levels)
    {
        _beforePrevious = _previous;
        _previous = Current;
        Current = levels;
    }

    /// <summary>Fraction of <paramref name="alive"/> groups with X_{k−2} &gt; X_{k−1} &gt; X_k.</summary>
    public double ShrinkingFraction(IReadOnlyList<int> alive)
    {
        var shrinking = alive.Count(g => _beforePrevious[g] > _previous[g] && _previous[g] > Current[g]);
        return alive.Count == 0 ? 0 : (double)shrinking / alive.Count;
    }

    /// <summary>Importance X_k − X_{k−1} + X_{k−2}; lower is dropped first.</summary>
    public double Rank(int group) => Term(Current[group]) - Term(_previous[group]) + Term(_beforePrevious[group]);

    private static double Term(double x) => double.IsNaN(x) ? 0 : x;

    private static double[] Filled(int n)
    {
        var a = new double[n];
        Array.Fill(a, double.NaN);
        return a;
    }
}
