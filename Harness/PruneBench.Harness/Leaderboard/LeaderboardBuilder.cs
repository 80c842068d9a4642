using PruneBench.Harness.Results;
using PruneBench.Harness.Runs;
using PruneBench.Harness.Statistics;

namespace PruneBench.Harness.Leaderboard;

/// <summary>
/// Aggregates results rows into leaderboard entries: only <c>ok</c> rows count; rows of one (model, benchmark,
/// method, method_params, budget) are pooled over tasks, frame counts and seeds (the overall entry, task
/// <c>all</c>) and, when they cover several tasks, per task. With the per-sample predictions beside the results,
/// each setting is compared with the baseline and with the other settings of its budget on the same samples.
/// Rows of speed-only benchmarks (no accuracy) keep their speedup and retention but get no rank, test or frontier flag.
/// </summary>
public static class LeaderboardBuilder
{
    /// <summary>Significance level of the rank ties (after Holm's adjustment within one budget).</summary>
    public const double Alpha = 0.05;

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> NoPredictions =
        new Dictionary<string, IReadOnlyList<PredictionRecord>>(StringComparer.Ordinal);

    /// <summary>Entries ordered by model, benchmark, task (overall first), budget (baseline first), rank.</summary>
    /// <param name="rows">Results rows, one per run id.</param>
    /// <param name="predictions">Predictions by run id; runs without them get no paired test (ranks then tie on overlapping Wilson intervals).</param>
    public static IReadOnlyList<LeaderboardEntry> Build(IEnumerable<ResultRow> rows, IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>>? predictions = null)
    {
        predictions ??= NoPredictions;
        var ok = rows.Where(r => r.Status == RunStatus.Ok && r.NSamples > 0).ToArray();
        // Baseline row per slice, so Δ and the paired test compare like with like when a method covers fewer slices.
        var baselineBySlice = ok.Where(r => r.Method == RunConfiguration.BaselineMethod && r.Budget is null)
            .GroupBy(Slice)
            .ToDictionary(g => g.Key, g => g.First());

        var entries = new List<(LeaderboardEntry Entry, IReadOnlyDictionary<string, bool>? Outcomes)>();
        foreach (var group in ok.GroupBy(r => (r.Model, r.Benchmark, r.Method, r.MethodParams, r.Budget)))
        {
            var groupRows = group.ToArray();
            entries.Add(Aggregate(groupRows, LeaderboardEntry.AllTasks, baselineBySlice, predictions));
            if (groupRows.Select(r => r.Task).Distinct(StringComparer.Ordinal).Count() > 1)
            {
                entries.AddRange(groupRows.GroupBy(r => r.Task, StringComparer.Ordinal).Select(t => Aggregate(t.ToArray(), t.Key, baselineBySlice, predictions)));
            }
        }

        var ranked = new List<LeaderboardEntry>();
        foreach (var board in entries.GroupBy(e => (e.Entry.Model, e.Entry.Benchmark)))
        {
            var overall = board.Where(e => e.Entry.Task == LeaderboardEntry.AllTasks).ToArray();
            var frontier = Frontier(overall.Select(e => e.Entry).ToArray());
            var ranks = Ranks(overall);
            ranked.AddRange(overall.Select((e, i) => e.Entry with { RankAtBudget = ranks[i], ParetoFrontier = frontier[i] }));
            ranked.AddRange(board.Where(e => e.Entry.Task != LeaderboardEntry.AllTasks).Select(e => e.Entry));
        }

        return ranked
            .OrderBy(e => e.Model, StringComparer.Ordinal)
            .ThenBy(e => e.Benchmark, StringComparer.Ordinal)
            .ThenBy(e => e.Task == LeaderboardEntry.AllTasks ? "" : e.Task, StringComparer.Ordinal)
            .ThenBy(e => e.Budget ?? -1)
            .ThenBy(e => e.RankAtBudget ?? 0)
            .ThenByDescending(e => e.Accuracy ?? 0)
            .ThenBy(e => e.Method, StringComparer.Ordinal)
            .ThenBy(e => e.MethodParams, StringComparer.Ordinal)
            .ToArray();
    }

    private static (LeaderboardEntry Entry, IReadOnlyDictionary<string, bool>? Outcomes) Aggregate(IReadOnlyList<ResultRow> g, string task,
        IReadOnlyDictionary<(string, string, string, int, int, int), ResultRow> baselineBySlice, IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> predictions)
    {
        var first = g[0];
        var samples = g.Sum(r => r.NSamples);
        // accuracy = correct / n exactly, so the count is recovered by rounding.
        int? correct = g.All(r => r.Accuracy is not null) ? g.Sum(r => (int)Math.Round(r.Accuracy!.Value * r.NSamples)) : null;
        var interval = correct is { } k ? WilsonInterval.Of(k, samples) : null;
        var baselines = g.Select(r => baselineBySlice.GetValueOrDefault(Slice(r))).ToArray();
        double? delta = correct is { } c && baselines.All(b => b?.Accuracy is not null)
            ? ((double)c / samples) - (baselines.Sum(b => b!.Accuracy!.Value * b.NSamples) / baselines.Sum(b => b!.NSamples))
            : null;

        var isBaseline = first.Method == RunConfiguration.BaselineMethod && first.Budget is null && first.MethodParams.Length == 0;
        var outcomes = correct is null ? null : Outcomes(g, predictions);
        var baselineOutcomes = correct is null || isBaseline || baselines.Any(b => b is null) ? null : Outcomes(baselines!, predictions);
        var paired = outcomes is not null && baselineOutcomes is not null ? PairedOutcomes.Of(baselineOutcomes, outcomes) : null;
        if (paired is { Count: 0 })
        {
            paired = null;
        }

        var speedups = g.Select(r => r.SpeedupVsBaseline).ToArray();
        var entry = new LeaderboardEntry(
            first.Model, first.Benchmark, task, first.Method, first.MethodParams, first.Budget,
            RankAtBudget: null,
            Accuracy: correct is { } right ? (double)right / samples : null,
            AccuracyLow: interval?.Low,
            AccuracyHigh: interval?.High,
            Correct: correct,
            Samples: samples,
            DeltaVsBaseline: delta,
            PValueVsBaseline: paired is null ? null : McNemarTest.PValue(paired),
            LostVsBaseline: paired?.OnlyFirstRight,
            GainedVsBaseline: paired?.OnlySecondRight,
            AgreementWithBaseline: g.All(r => r.AgreementWithBaseline is not null) ? g.Sum(r => r.AgreementWithBaseline!.Value * r.NSamples) / samples : null,
            SpeedupVsBaseline: speedups.All(s => s is > 0) ? Math.Exp(speedups.Average(s => Math.Log(s!.Value))) : null,
            NeedleRecall: g.All(r => r.NeedleRecallFinal is not null) ? g.Sum(r => r.NeedleRecallFinal!.Value * r.NSamples) / samples : null,
            RetentionMean: g.All(r => r.RetentionMean is not null) ? g.Sum(r => r.RetentionMean!.Value * r.NSamples) / samples : null,
            PrefillTflops: g.All(r => r.PrefillTflops is not null) ? g.Average(r => r.PrefillTflops!.Value) : null,
            VisualTokens: g.Max(r => r.VisualTokensIn),
            ParetoFrontier: false,
            Runs: g.Count);
        return (entry, outcomes);
    }

    /// <summary>Correctness per sample of <paramref name="rows"/>, keyed by slice and sample id; null when a row has no predictions.</summary>
    internal static Dictionary<string, bool>? Outcomes(IEnumerable<ResultRow> rows, IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> predictions)
    {
        var outcomes = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!predictions.TryGetValue(row.RunId, out var records) || records.Count != row.NSamples)
            {
                return null;
            }

            foreach (var p in records)
            {
                outcomes[$"{row.Task}\u001f{row.Frames}\u001f{row.TokensPerFrame}\u001f{row.Seed}\u001f{p.SampleId}"] = p.Correct;
            }
        }

        return outcomes;
    }

    /// <summary>Ranks per budget: pairwise exact McNemar on shared samples (disjoint Wilson intervals without predictions), Holm-adjusted.</summary>
    private static int?[] Ranks(IReadOnlyList<(LeaderboardEntry Entry, IReadOnlyDictionary<string, bool>? Outcomes)> overall)
    {
        var ranks = new int?[overall.Count];
        foreach (var budget in Enumerable.Range(0, overall.Count)
                     .Where(i => overall[i].Entry is { Budget: not null, Accuracy: not null })
                     .GroupBy(i => overall[i].Entry.Budget))
        {
            var members = budget.ToArray();
            var pairs = new List<(int I, int J, double P)>();
            for (var a = 0; a < members.Length; a++)
            {
                for (var b = a + 1; b < members.Length; b++)
                {
                    pairs.Add((a, b, PairP(overall[members[a]], overall[members[b]])));
                }
            }

            var adjusted = HolmCorrection.Adjust(pairs.Select(p => p.P).ToArray());
            var significant = new HashSet<(int, int)>();
            for (var k = 0; k < pairs.Count; k++)
            {
                if (adjusted[k] < Alpha)
                {
                    significant.Add((pairs[k].I, pairs[k].J));
                    significant.Add((pairs[k].J, pairs[k].I));
                }
            }

            var memberRanks = SignificanceRanking.Ranks(members.Select(i => overall[i].Entry.Accuracy!.Value).ToArray(), (i, j) => significant.Contains((i, j)));
            for (var m = 0; m < members.Length; m++)
            {
                ranks[members[m]] = memberRanks[m];
            }
        }

        return ranks;
    }

    private static double PairP((LeaderboardEntry Entry, IReadOnlyDictionary<string, bool>? Outcomes) a, (LeaderboardEntry Entry, IReadOnlyDictionary<string, bool>? Outcomes) b)
    {
        if (a.Outcomes is not null && b.Outcomes is not null && PairedOutcomes.Of(a.Outcomes, b.Outcomes) is { Count: > 0 } paired)
        {
            return McNemarTest.PValue(paired);
        }

        var ia = new Interval(a.Entry.AccuracyLow!.Value, a.Entry.AccuracyHigh!.Value);
        return ia.IsDisjointFrom(new Interval(b.Entry.AccuracyLow!.Value, b.Entry.AccuracyHigh!.Value)) ? 0 : 1;
    }

    /// <summary>Without retention or accuracy an entry is not on the frontier.</summary>
    private static bool[] Frontier(IReadOnlyList<LeaderboardEntry> overall)
    {
        var candidates = Enumerable.Range(0, overall.Count).Where(i => overall[i] is { Accuracy: not null, RetentionMean: not null }).ToArray();
        var flags = ParetoFrontier.OnFrontier(candidates.Select(i => new ParetoPoint(overall[i].Accuracy!.Value, overall[i].RetentionMean!.Value, overall[i].SpeedupVsBaseline)).ToArray());
        var result = new bool[overall.Count];
        for (var k = 0; k < candidates.Length; k++)
        {
            result[candidates[k]] = flags[k];
        }

        return result;
    }

    private static (string, string, string, int, int, int) Slice(ResultRow r) =>
        (r.Model, r.Benchmark, r.Task, r.Frames, r.TokensPerFrame, r.Seed);
}
