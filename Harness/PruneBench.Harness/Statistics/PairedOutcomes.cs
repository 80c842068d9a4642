namespace PruneBench.Harness.Statistics;

/// <summary>
/// Two methods' correctness on the samples both ran (the 2×2 table of McNemar's test).
/// </summary>
/// <param name="BothRight">Samples both got right.</param>
/// <param name="OnlyFirstRight">Samples only the first got right (b).</param>
/// <param name="OnlySecondRight">Samples only the second got right (c).</param>
/// <param name="BothWrong">Samples both got wrong.</param>
public sealed record PairedOutcomes(int BothRight, int OnlyFirstRight, int OnlySecondRight, int BothWrong)
{
    /// <summary>Samples paired.</summary>
    public int Count => BothRight + OnlyFirstRight + OnlySecondRight + BothWrong;

    /// <summary>
    /// Pairs the samples whose key is in both maps (key: whatever identifies one sample across runs, e.g. slice and
    /// sample id; value: correct). Samples only one side ran are left out.
    /// </summary>
    public static PairedOutcomes Of(IReadOnlyDictionary<string, bool> first, IReadOnlyDictionary<string, bool> second)
    {
        int both = 0, onlyFirst = 0, onlySecond = 0, neither = 0;
        foreach (var (key, a) in first)
        {
            if (!second.TryGetValue(key, out var b))
            {
                continue;
            }

            switch (a, b)
            {
                case (true, true): both++; break;
                case (true, false): onlyFirst++; break;
                case (false, true): onlySecond++; break;
                default: neither++; break;
            }
        }

        return new PairedOutcomes(both, onlyFirst, onlySecond, neither);
    }
}
