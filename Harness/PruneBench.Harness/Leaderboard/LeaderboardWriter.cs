using System.Globalization;
using System.Text;
using CsvHelper;
using PruneBench.Harness.Results;
using PruneBench.Harness.Statistics;

namespace PruneBench.Harness.Leaderboard;

/// <summary>Writes leaderboard entries as CSV (CsvHelper, invariant culture) and as Markdown tables with a legend.</summary>
public static class LeaderboardWriter
{
    /// <summary>What the Markdown's statistics mean; printed once under the tables.</summary>
    public static string Legend { get; } = string.Create(CultureInfo.InvariantCulture,
        $"Accuracy: correct / n with its 95 % Wilson interval. p vs baseline: two-sided exact McNemar test on the same samples "
        + $"(lost / gained = samples only the baseline / only the method got right). Rank: 1 + the settings at the same budget that are "
        + $"significantly more accurate (pairwise exact McNemar on the same samples, Holm-adjusted, α = {LeaderboardBuilder.Alpha}); equal ranks "
        + $"are not significantly different. Pareto ★: no other setting is at least as accurate at no higher mean retention and no lower "
        + $"speedup, counting retention within ±{ParetoFrontier.RetentionTolerance} and speedup within ±{ParetoFrontier.SpeedupTolerance * 100:0} % as equal. "
        + $"Parameters are rounded to the resolution 1/N_v at which they act on the N_v visual tokens (exact values in leaderboard.csv).\n");

    /// <summary>Writes <paramref name="entries"/> to <paramref name="path"/> (header once, UTF-8).</summary>
    public static void WriteCsv(string path, IEnumerable<LeaderboardEntry> entries)
    {
        using var stream = File.Create(path);
        using var csv = CsvWriter.Create(stream, ResultsSchema.WriterOptions<LeaderboardEntry>());
        csv.WriteRecords(entries);
    }

    /// <summary>
    /// Per (model, benchmark): the overall table (budgets ascending, baseline first, best rank first) and, when the
    /// entries cover several tasks, a per-task accuracy table; the legend once at the end.
    /// </summary>
    public static string ToMarkdown(IReadOnlyList<LeaderboardEntry> entries)
    {
        var sb = new StringBuilder();
        foreach (var board in entries.GroupBy(e => (e.Model, e.Benchmark)))
        {
            var overall = board.Where(e => e.Task == LeaderboardEntry.AllTasks).ToArray();
            sb.Append("### ").Append(board.Key.Model).Append(" · ").Append(board.Key.Benchmark).Append("\n\n");
            sb.Append("| budget | rank | method | accuracy [95% CI] | n | Δ vs baseline | p vs baseline | lost / gained | agreement | speedup | needle recall | mean retention | Pareto | params |\n");
            sb.Append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|---|\n");
            foreach (var e in overall)
            {
                sb.Append("| ").Append(e.Budget is { } b ? Fmt(b, "0.###") : "—")
                    .Append(" | ").Append(e.RankAtBudget?.ToString(CultureInfo.InvariantCulture) ?? "—")
                    .Append(" | ").Append(e.Method)
                    .Append(" | ").Append(Accuracy(e))
                    .Append(" | ").Append(e.Samples.ToString(CultureInfo.InvariantCulture))
                    .Append(" | ").Append(e.DeltaVsBaseline is { } d ? (d >= 0 ? "+" : "") + Fmt(d * 100, "0.0") + " pt" : "—")
                    .Append(" | ").Append(e.PValueVsBaseline is { } p ? PValue(p) : "—")
                    .Append(" | ").Append(e.LostVsBaseline is { } lost ? $"{lost} / {e.GainedVsBaseline}" : "—")
                    .Append(" | ").Append(e.AgreementWithBaseline is { } g ? Fmt(g * 100, "0.0") + "%" : "—")
                    .Append(" | ").Append(e.SpeedupVsBaseline is { } s ? Fmt(s, "0.00") + "×" : "—")
                    .Append(" | ").Append(e.NeedleRecall is { } n ? Fmt(n, "0.000") : "—")
                    .Append(" | ").Append(e.RetentionMean is { } r ? Fmt(r, "0.000") : "—")
                    .Append(" | ").Append(e.ParetoFrontier ? "★" : "")
                    .Append(" | ").Append(e.MethodParams.Length == 0 ? "" : "`" + ParameterDisplay.Round(e.MethodParams, e.VisualTokens) + "`")
                    .Append(" |\n");
            }

            sb.Append('\n');
            AppendTasks(sb, board.Where(e => e.Task != LeaderboardEntry.AllTasks && e.Accuracy is not null).ToArray());
        }

        if (entries.Any(e => e.Accuracy is not null))
        {
            sb.Append(Legend);
        }

        return sb.ToString();
    }

    private static void AppendTasks(StringBuilder sb, IReadOnlyList<LeaderboardEntry> perTask)
    {
        if (perTask.Count == 0)
        {
            return;
        }

        var tasks = perTask.Select(e => e.Task).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        // n in the header when every setting ran the same samples of a task, else in each cell.
        var sharedN = tasks.ToDictionary(t => t, t => perTask.Where(e => e.Task == t).Select(e => e.Samples).Distinct().Count() == 1
            ? perTask.First(e => e.Task == t).Samples
            : (int?)null, StringComparer.Ordinal);
        sb.Append("Per task: accuracy [95% CI]\n\n| budget | method | ")
            .AppendJoin(" | ", tasks.Select(t => sharedN[t] is { } n ? $"{t} (n = {n})" : t)).Append(" |\n|---:|---|")
            .Append(string.Concat(tasks.Select(_ => "---:|"))).Append('\n');
        foreach (var setting in perTask.GroupBy(e => (e.Budget, e.Method, e.MethodParams)))
        {
            sb.Append("| ").Append(setting.Key.Budget is { } b ? Fmt(b, "0.###") : "—").Append(" | ").Append(setting.Key.Method);
            foreach (var task in tasks)
            {
                var e = setting.FirstOrDefault(x => x.Task == task);
                sb.Append(" | ").Append(e is null ? "—" : Accuracy(e) + (sharedN[task] is null ? $" n = {e.Samples}" : ""));
            }

            sb.Append(" |\n");
        }

        sb.Append('\n');
    }

    private static string Accuracy(LeaderboardEntry e) =>
        e.Accuracy is { } a ? $"{Fmt(a * 100, "0.0")}% [{Fmt(e.AccuracyLow!.Value * 100, "0.0")}–{Fmt(e.AccuracyHigh!.Value * 100, "0.0")}]" : "—";

    /// <summary>A p-value as the tables print it: <c>&lt;0.001</c>, 3 decimals below 0.01, else 2.</summary>
    public static string PValue(double p) => p < 0.001 ? "<0.001" : Fmt(p, p < 0.01 ? "0.000" : "0.00");

    private static string Fmt(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
