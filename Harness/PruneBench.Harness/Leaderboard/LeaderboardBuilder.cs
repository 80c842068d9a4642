using PruneBench.Harness.Results;
using PruneBench.Harness.Runs;
using PruneBench.Harness.Sweeps;

namespace PruneBench.Harness.Leaderboard;

/// <summary>
/// Aggregates results rows into leaderboard entries: only <c>ok</c> rows count; rows of one (model,
/// benchmark, method, method_params, budget) are pooled over tasks, frame counts and seeds. Rows of
/// speed-only benchmarks (no accuracy) keep their speedup and retention but get no rank, Δ or frontier flag.
/// </summary>
public static class LeaderboardBuilder
{
    /// <summary>Entries ordered by model, benchmark, budget (baseline first), rank.</summary>
    public static IReadOnlyList<LeaderboardEntry> Build(IEnumerable<ResultRow> rows)
    {
        var ok = rows.Where(r => r.Status == RunStatus.Ok && r.NSamples > 0).ToArray();
        var groups = ok.GroupBy(r => (r.Model, r.Benchmark, r.Method, r.MethodParams, r.Budget)).ToArray();

        // Baseline accuracy per slice, so Δ compares like with like when a method covers fewer slices.
        var baselineBySlice = ok.Where(r => r.Method == RunConfiguration.BaselineMethod && r.Budget is null)
            .GroupBy(Slice)
            .ToDictionary(g => g.Key, g => g.First());

        var entries = groups.Select(g =>
        {
            var samples = g.Sum(r => r.NSamples);
            double? accuracy = g.All(r => r.Accuracy is not null) ? g.Sum(r => r.Accuracy!.Value * r.NSamples) / samples : null;
            var baselines = g.Select(r => baselineBySlice.GetValueOrDefault(Slice(r))).ToArray();
            double? delta = accuracy is { } a && baselines.All(b => b?.Accuracy is not null)
                ? a - (baselines.Sum(b => b!.Accuracy!.Value * b.NSamples) / baselines.Sum(b => b!.NSamples))
                : null;
            var speedups = g.Select(r => r.SpeedupVsBaseline).ToArray();
            double? speedup = speedups.All(s => s is > 0) ? Math.Exp(speedups.Average(s => Math.Log(s!.Value))) : null;
            double? recall = g.All(r => r.NeedleRecallFinal is not null) ? g.Sum(r => r.NeedleRecallFinal!.Value * r.NSamples) / samples : null;
            var retentions = g.Select(r => r.RetentionMean).ToArray();
            double? retention = retentions.All(x => x is not null) ? g.Sum(r => r.RetentionMean!.Value * r.NSamples) / samples : null;
            var flops = g.Select(r => r.PrefillTflops).ToArray();
            double? tflops = flops.All(x => x is not null) ? flops.Average(x => x!.Value) : null;
            return new LeaderboardEntry(g.Key.Model, g.Key.Benchmark, g.Key.Method, g.Key.MethodParams, g.Key.Budget,
                null, accuracy, delta, speedup, recall, retention, tflops, false, g.Count(), samples);
        }).ToList();

        var ranked = new List<LeaderboardEntry>();
        foreach (var board in entries.GroupBy(e => (e.Model, e.Benchmark)))
        {
            var list = board.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                var e = list[i];
                int? rank = e.Budget is null || e.Accuracy is null ? null : 1 + list.Count(o => o.Budget == e.Budget && o.Accuracy > e.Accuracy);
                list[i] = e with { RankAtBudget = rank, ParetoFrontier = OnFrontier(e, list) };
            }

            ranked.AddRange(list);
        }

        return ranked
            .OrderBy(e => e.Model, StringComparer.Ordinal)
            .ThenBy(e => e.Benchmark, StringComparer.Ordinal)
            .ThenBy(e => e.Budget ?? -1)
            .ThenBy(e => e.RankAtBudget ?? 0)
            .ThenBy(e => e.Method, StringComparer.Ordinal)
            .ThenBy(e => e.MethodParams, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Cost is measured mean retention (what drives prefill compute); without retention or accuracy a row is not on the frontier.</summary>
    private static bool OnFrontier(LeaderboardEntry e, IReadOnlyList<LeaderboardEntry> board) =>
        e is { RetentionMean: { } cost, Accuracy: { } accuracy }
        && !board.Any(o => !ReferenceEquals(o, e) && o is { RetentionMean: { } c, Accuracy: { } a }
                           && c <= cost && a >= accuracy && (c < cost || a > accuracy));

    private static (string, string, string, int, int, int) Slice(ResultRow r) =>
        (r.Model, r.Benchmark, r.Task, r.Frames, r.TokensPerFrame, r.Seed);
}
