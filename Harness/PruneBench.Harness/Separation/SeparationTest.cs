using PruneBench.Harness.Leaderboard;
using PruneBench.Harness.Results;
using PruneBench.Harness.Runs;
using PruneBench.Harness.Statistics;

namespace PruneBench.Harness.Separation;

/// <summary>
/// Issue 15's test that a leaderboard separates the methods (<see cref="SeparationCriteria"/>), from results rows
/// and their per-sample predictions: per (model, benchmark), every method setting run at the budget is pooled over
/// tasks and slices and compared sample by sample with the baseline and with random (exact McNemar: a sign test on
/// the discordant samples), with its 95 % Wilson interval.
/// </summary>
public static class SeparationTest
{
    private const double BudgetTolerance = 1e-9;

    /// <summary>One verdict per (model, benchmark) that has a baseline, ordered by model and benchmark.</summary>
    /// <param name="rows">Results rows, one per run id (only <c>ok</c> rows count).</param>
    /// <param name="predictions">Predictions by run id.</param>
    /// <param name="criteria">Budget, level, spread and which methods are query-aware.</param>
    public static IReadOnlyList<SeparationVerdict> Evaluate(
        IEnumerable<ResultRow> rows, IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> predictions, SeparationCriteria criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var verdicts = new List<SeparationVerdict>();
        var all = rows.ToArray();
        var ok = all.Where(r => r.Status == RunStatus.Ok && r.NSamples > 0 && r.Accuracy is not null).ToArray();
        foreach (var board in ok.GroupBy(r => (r.Model, r.Benchmark)).OrderBy(g => g.Key.Model, StringComparer.Ordinal).ThenBy(g => g.Key.Benchmark, StringComparer.Ordinal))
        {
            var baselineRows = board.Where(r => r.Method == RunConfiguration.BaselineMethod && r.Budget is null && r.MethodParams.Length == 0).ToArray();
            if (baselineRows.Length == 0)
            {
                continue;
            }

            var verdict = Judge(board.Key.Model, board.Key.Benchmark, baselineRows, board.Where(AtBudget).ToArray(), predictions, criteria);
            // Cells a method could not run at this budget are part of the answer (issue 15: zero skipped cells).
            var missing = all.Where(r => r.Model == board.Key.Model && r.Benchmark == board.Key.Benchmark && r.Status != RunStatus.Ok && AtBudget(r))
                .Select(r => $"{r.Method} {r.Status} on task {r.Task}: {r.Error}")
                .Distinct(StringComparer.Ordinal);
            verdicts.Add(verdict with { Problems = [.. verdict.Problems, .. missing] });
        }

        return verdicts;

        bool AtBudget(ResultRow r) => r.Budget is { } b && Math.Abs(b - criteria.Budget) < BudgetTolerance;
    }

    private static SeparationVerdict Judge(string model, string benchmark, IReadOnlyList<ResultRow> baselineRows, IReadOnlyList<ResultRow> atBudget,
        IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> predictions, SeparationCriteria criteria)
    {
        var problems = new List<string>();
        var baseline = LeaderboardBuilder.Outcomes(baselineRows, predictions);
        if (baseline is null)
        {
            problems.Add("the baseline has no per-sample predictions (results.predictions.jsonl): no paired test is possible");
        }

        var settings = atBudget.GroupBy(r => (r.Method, r.MethodParams))
            .Select(g => (g.Key.Method, g.Key.MethodParams, Rows: g.ToArray(), Outcomes: LeaderboardBuilder.Outcomes(g, predictions)))
            .OrderBy(s => s.Method, StringComparer.Ordinal).ThenBy(s => s.MethodParams, StringComparer.Ordinal)
            .ToArray();
        var randoms = settings.Where(s => s.Method == criteria.RandomMethod).ToArray();
        if (randoms.Length == 0)
        {
            problems.Add($"no '{criteria.RandomMethod}' run at budget {criteria.Budget}: conditions 1 and 2 cannot be tested");
        }
        else if (randoms.Length > 1)
        {
            problems.Add($"{randoms.Length} '{criteria.RandomMethod}' settings at budget {criteria.Budget}; comparing with the first ({randoms[0].MethodParams})");
        }

        var random = randoms.Length > 0 ? randoms[0].Outcomes : null;
        if (randoms.Length > 0 && random is null)
        {
            problems.Add($"'{criteria.RandomMethod}' has no per-sample predictions: no paired test against it is possible");
        }

        var methods = settings.Select(s =>
        {
            var correct = s.Rows.Sum(r => (int)Math.Round(r.Accuracy!.Value * r.NSamples));
            var samples = s.Rows.Sum(r => r.NSamples);
            var isRandom = randoms.Length > 0 && s.Rows == randoms[0].Rows;
            return new MethodSeparation(
                s.Method, s.MethodParams, correct, samples, WilsonInterval.Of(correct, samples),
                baseline is not null && s.Outcomes is not null ? PairedComparison.Of(baseline, s.Outcomes) : null,
                !isRandom && random is not null && s.Outcomes is not null ? PairedComparison.Of(random, s.Outcomes) : null);
        })
            .OrderByDescending(m => m.Accuracy).ThenBy(m => m.Method, StringComparer.Ordinal)
            .ToArray();

        var randomEntry = randoms.Length > 0 ? methods.First(m => m.Method == criteria.RandomMethod && m.MethodParams == randoms[0].MethodParams) : null;
        var randomBelow = randomEntry?.VsBaseline?.Below(criteria.Alpha) ?? false;
        var queryAwareAbove = methods.Where(m => criteria.QueryAware.Contains(m.Method, StringComparer.OrdinalIgnoreCase) && m.VsRandom is { } v && v.Above(criteria.Alpha))
            .Select(m => m.Method).Distinct(StringComparer.Ordinal).ToArray();
        var spread = methods.Length == 0 ? 0 : methods.Max(m => m.Accuracy) - methods.Min(m => m.Accuracy);
        if (methods.Length == 0)
        {
            problems.Add($"no method ran at budget {criteria.Budget}");
        }

        var baselineCorrect = baselineRows.Sum(r => (int)Math.Round(r.Accuracy!.Value * r.NSamples));
        return new SeparationVerdict(model, benchmark, baselineCorrect, baselineRows.Sum(r => r.NSamples), methods, randomBelow, queryAwareAbove,
            spread, methods.Length > 0 && spread >= criteria.MinSpread - 1e-12, problems);
    }
}
