using System.Globalization;
using System.Text;
using CsvHelper;
using PruneBench.Harness.Results;

namespace PruneBench.Harness.Leaderboard;

/// <summary>Writes leaderboard entries as CSV (CsvHelper, invariant culture) and as Markdown tables.</summary>
public static class LeaderboardWriter
{
    /// <summary>Writes <paramref name="entries"/> to <paramref name="path"/> (header once, UTF-8).</summary>
    public static void WriteCsv(string path, IEnumerable<LeaderboardEntry> entries)
    {
        using var stream = File.Create(path);
        using var csv = CsvWriter.Create(stream, ResultsSchema.WriterOptions<LeaderboardEntry>());
        csv.WriteRecords(entries);
    }

    /// <summary>One Markdown table per (model, benchmark), budgets ascending, baseline first.</summary>
    public static string ToMarkdown(IReadOnlyList<LeaderboardEntry> entries)
    {
        var sb = new StringBuilder();
        foreach (var board in entries.GroupBy(e => (e.Model, e.Benchmark)))
        {
            sb.Append("### ").Append(board.Key.Model).Append(" · ").Append(board.Key.Benchmark).Append("\n\n");
            sb.Append("| budget | rank | method | accuracy | Δ vs baseline | speedup | needle recall | mean retention | Pareto | params |\n");
            sb.Append("|---:|---:|---|---:|---:|---:|---:|---:|:-:|---|\n");
            foreach (var e in board)
            {
                sb.Append("| ").Append(e.Budget is { } b ? Fmt(b, "0.###") : "—")
                    .Append(" | ").Append(e.RankAtBudget?.ToString(CultureInfo.InvariantCulture) ?? "—")
                    .Append(" | ").Append(e.Method)
                    .Append(" | ").Append(e.Accuracy is { } a ? Fmt(a * 100, "0.0") + "%" : "—")
                    .Append(" | ").Append(e.DeltaVsBaseline is { } d ? (d >= 0 ? "+" : "") + Fmt(d * 100, "0.0") + " pt" : "—")
                    .Append(" | ").Append(e.SpeedupVsBaseline is { } s ? Fmt(s, "0.00") + "×" : "—")
                    .Append(" | ").Append(e.NeedleRecall is { } n ? Fmt(n, "0.000") : "—")
                    .Append(" | ").Append(e.RetentionMean is { } r ? Fmt(r, "0.000") : "—")
                    .Append(" | ").Append(e.ParetoFrontier ? "★" : "")
                    .Append(" | ").Append(e.MethodParams.Length == 0 ? "" : "`" + e.MethodParams + "`")
                    .Append(" |\n");
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static string Fmt(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
