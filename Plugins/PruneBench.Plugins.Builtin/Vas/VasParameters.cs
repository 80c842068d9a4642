using PruneBench.Abstractions.Parameters;
using PruneBench.Abstractions.Signals;

namespace PruneBench.Plugins.Builtin.Vas;

/// <summary>Parameters of <see cref="VasMethod"/>.</summary>
public sealed record VasParameters
{
    [Parameter("First layer whose attention is tracked (drops happen after layers start..end).", Min = 0)]
    public int StartLayer { get; init; } = 2;

    [Parameter("Last layer after which a drop may happen (−1 = L − 4).", Min = -1)]
    public int EndLayer { get; init; } = -1;

    [Parameter("r: fraction of the current visual tokens removed per drop, and the share of shrinking groups that triggers one.",
        Min = 0, MinExclusive = true, Max = 1)]
    public double Drop { get; init; } = 0.3;

    [Parameter("Force a drop when none happened in this many consecutive tracked layers.", Min = 1)]
    public int Interval { get; init; } = 3;

    [Parameter("Query tokens Q whose attention is summed.")]
    public QuerySelection Queries { get; init; } = QuerySelection.SuffixText;
}
