using System.Globalization;
using System.Text;
using PruneBench.Harness.Leaderboard;
using PruneBench.Harness.Statistics;

namespace PruneBench.Harness.Separation;

/// <summary>Renders separation verdicts as Markdown: a table per (model, benchmark) and the three conditions.</summary>
public static class SeparationWriter
{
    /// <summary>The report of <paramref name="verdicts"/> under <paramref name="criteria"/>.</summary>
    public static string ToMarkdown(IReadOnlyList<SeparationVerdict> verdicts, SeparationCriteria criteria)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        ArgumentNullException.ThrowIfNull(criteria);
        var sb = new StringBuilder();
        if (verdicts.Count == 0)
        {
            return "No (model, benchmark) with a successful baseline run: nothing to test.\n";
        }

        foreach (var v in verdicts)
        {
            sb.Append(Inv($"### {v.Model} · {v.Benchmark} · budget {criteria.Budget}\n\n"));
            sb.Append(Inv($"Baseline: {Pct(v.BaselineCorrect, v.BaselineSamples)} (n = {v.BaselineSamples}). Paired tests: exact McNemar (sign test on the samples one side gets right and the other wrong), two-sided.\n\n"));
            sb.Append("| method | accuracy [95% CI] | n | vs baseline: lost / gained | p | vs random: lost / gained | p | params |\n");
            sb.Append("|---|---:|---:|---:|---:|---:|---:|---|\n");
            foreach (var m in v.Methods)
            {
                sb.Append(Inv($"| {m.Method} | {Pct(m.Correct, m.Samples)} [{m.Interval.Low * 100:0.0}–{m.Interval.High * 100:0.0}] | {m.Samples} | "))
                  .Append(Table(m.VsBaseline)).Append(" | ").Append(Table(m.VsRandom)).Append(Inv($" | `{m.MethodParams}` |\n"));
            }

            var random = v.Methods.FirstOrDefault(m => m.Method == criteria.RandomMethod);
            var best = v.Methods.Count > 0 ? v.Methods[0] : null;
            var worst = v.Methods.Count > 0 ? v.Methods[^1] : null;
            sb.Append(Inv($"\nConditions (α = {criteria.Alpha}):\n\n"));
            sb.Append(Inv($"1. random below the baseline: **{Word(v.RandomBelowBaseline)}**"))
              .Append(random?.VsBaseline is { } rb ? Inv($" (random {random.Accuracy * 100:0.0} %, {rb.Pairs.OnlyFirstRight} lost / {rb.Pairs.OnlySecondRight} gained, p {LeaderboardWriter.PValue(rb.PValue)})") : "")
              .Append('\n');
            sb.Append(Inv($"2. a query-aware method ({string.Join(", ", criteria.QueryAware)}) above random: **{Word(v.QueryAwareAboveRandom.Count > 0)}**"))
              .Append(v.QueryAwareAboveRandom.Count > 0 ? $" ({string.Join(", ", v.QueryAwareAboveRandom)})" : "").Append('\n');
            sb.Append(Inv($"3. best − worst ≥ {criteria.MinSpread * 100:0.#} points: **{Word(v.SpreadHolds)}**"))
              .Append(best is not null && worst is not null ? Inv($" ({v.Spread * 100:0.0} points: {best.Method} {best.Accuracy * 100:0.0} % … {worst.Method} {worst.Accuracy * 100:0.0} %)") : "")
              .Append('\n');
            foreach (var problem in v.Problems)
            {
                sb.Append("- note: ").Append(problem).Append('\n');
            }

            sb.Append(Inv($"\n**{(v.Holds ? "The methods separate" : "The methods do not separate")}** on {v.Model} at budget {criteria.Budget}.\n\n"));
        }

        return sb.ToString();
    }

    private static string Table(PairedComparison? c) =>
        c is null ? "— | —" : Inv($"{c.Pairs.OnlyFirstRight} / {c.Pairs.OnlySecondRight} | {LeaderboardWriter.PValue(c.PValue)}");

    private static string Word(bool holds) => holds ? "holds" : "fails";

    private static string Pct(int correct, int samples) => Inv($"{100.0 * correct / samples:0.0}%");

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
