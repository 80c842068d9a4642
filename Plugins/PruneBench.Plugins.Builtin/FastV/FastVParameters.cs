using PruneBench.Abstractions.Parameters;
using PruneBench.Abstractions.Signals;

namespace PruneBench.Plugins.Builtin.FastV;

/// <summary>Parameters of <see cref="FastVMethod"/>.</summary>
public sealed record FastVParameters
{
    [Parameter("Prune before layer k using the score of layer k−1 (after hybrid mapping, the layer really used).", Min = 1)]
    public int K { get; init; } = 2;

    [Parameter("Fraction of the N_v visual tokens kept, 1 − R of the paper (⌈ratio·N_v⌉).", Min = 0, MinExclusive = true, Max = 1)]
    public double Ratio { get; init; } = 0.5;

    [Parameter("Query tokens Q of the score: the last token (FastV) or all suffix text.")]
    public QuerySelection Queries { get; init; } = QuerySelection.LastToken;

    [Parameter("Score on a hybrid: query attention of the nearest attention layer, or implicit attention of layer k−1.")]
    public FastVSignal Signal { get; init; } = FastVSignal.Attention;
}
