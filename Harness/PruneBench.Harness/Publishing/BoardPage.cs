using System.Globalization;
using System.Text;
using PruneBench.Harness.Leaderboard;
using PruneBench.Harness.Plotting;
using PruneBench.Harness.Results;
using PruneBench.Harness.Sweeps;
using PruneBench.Harness.Runs;

namespace PruneBench.Harness.Publishing;

/// <summary>
/// The page of one model × benchmark: leaderboard with n and 95% intervals, Pareto plot, per-layer
/// retention and analysis plots, per-task accuracy table, runs that did not finish, environment.
/// </summary>
public static class BoardPage
{
    /// <summary>The page's HTML.</summary>
    /// <param name="board">The board.</param>
    /// <param name="plots">Its plots, as <see cref="BoardPlots.Write"/> returned them (Pareto first).</param>
    public static string Render(SiteBoard board, IReadOnlyList<PlotFile> plots)
    {
        var sb = new StringBuilder();
        sb.Append("<p><a href=\"index.html\">← all results</a> · <a href=\"").Append(PublishService.LeaderboardFileName).Append("\">leaderboard.csv</a>");
        if (board.Analysis.Count > 0)
        {
            sb.Append(" · <a href=\"").Append(HtmlText.E(board.Slug)).Append("-analysis.csv\">analysis CSV</a>");
        }

        sb.Append("</p>\n<h1>").Append(HtmlText.E(board.Model)).Append(" · ").Append(HtmlText.E(board.Benchmark)).Append("</h1>\n");
        if (board.Entries.Count > 0)
        {
            sb.Append("<h2 id=\"leaderboard\">Leaderboard</h2>\n").Append(Leaderboard(board));
            sb.Append("<h2 id=\"pareto\">Accuracy and speed</h2>\n").Append(HtmlText.Figure(plots[0]));
        }

        sb.Append("<h2 id=\"per-layer\">Per layer: retention, needle recall, score density and stability</h2>\n");
        if (board.Analysis.Count > 0)
        {
            foreach (var plot in plots.Skip(board.Entries.Count > 0 ? 1 : 0))
            {
                sb.Append(HtmlText.Figure(plot));
            }
        }
        else
        {
            sb.Append("<p class=\"note\">These results hold no per-layer data. Run <code>prunebench analyze -m ").Append(HtmlText.E(board.Model))
                .Append(" -b ").Append(HtmlText.E(board.Benchmark)).Append(" --methods ")
                .Append(HtmlText.E(string.Join(',', board.Entries.Select(e => e.Method).Where(m => m != RunConfiguration.BaselineMethod).Distinct())))
                .Append("</code> and pass its folder to <code>prunebench publish</code> to see retention, density and stability per layer.</p>\n");
        }

        if (board.MeasuresAccuracy)
        {
            sb.Append("<h2 id=\"per-task\">Per task</h2>\n").Append(PerTask(board));
        }

        sb.Append(NotFinished(board.Rows));
        sb.Append("<h2 id=\"environment\">Environment</h2>\n").Append(SiteEnvironment.Table(SiteEnvironment.Of(board.Rows)));
        foreach (var sweep in board.Sweeps)
        {
            sb.Append("<p>Results written by <code>").Append(HtmlText.E(sweep.CommandLine)).Append("</code> on ").Append(HtmlText.E(sweep.Device))
                .Append(", started ").Append(HtmlText.E(sweep.CreatedUtc)).Append(".</p>\n");
        }

        foreach (var analysis in board.Analyses)
        {
            sb.Append("<p>Analysis written by <code>").Append(HtmlText.E(analysis.CommandLine)).Append("</code> on ").Append(HtmlText.E(analysis.Device))
                .Append(", commit <code>").Append(HtmlText.E(analysis.GitCommit)).Append("</code>: ")
                .Append(analysis.SamplesPerTask).Append(" samples per task (").Append(HtmlText.E(string.Join(", ", analysis.Tasks))).Append("), ")
                .Append(analysis.Frames).Append(" frames × ").Append(analysis.TokensPerFrame).Append(" tokens.")
                .Append(analysis.Skipped.Count > 0 ? " Not applicable on this model: " + HtmlText.E(string.Join(" · ", analysis.Skipped)) : "")
                .Append(analysis.Failed.Count > 0 ? " Failed: " + HtmlText.E(string.Join(" · ", analysis.Failed)) : "")
                .Append("</p>\n");
        }

        return HtmlText.Page($"{board.Model} · {board.Benchmark} · prunebench", sb.ToString());
    }

    private static string Leaderboard(SiteBoard board)
    {
        var sb = new StringBuilder();
        sb.Append("<table>\n<tr><th>budget</th><th>rank</th><th class=\"l\">method</th>");
        if (board.MeasuresAccuracy)
        {
            sb.Append("<th>accuracy</th><th>95% interval</th><th>n</th><th>Δ vs baseline</th><th>p vs baseline</th><th>lost / gained</th>");
        }

        sb.Append("<th>speedup</th><th>needle recall</th><th>mean retention</th>").Append(board.MeasuresAccuracy ? "<th>Pareto ★</th>" : "")
            .Append("<th class=\"l\">parameters</th></tr>\n");
        foreach (var e in board.Entries)
        {
            sb.Append("<tr><td>").Append(e.Budget is { } b ? F(b, "0.###") : "—").Append("</td><td>").Append(e.RankAtBudget?.ToString(CultureInfo.InvariantCulture) ?? "—")
                .Append("</td><td class=\"l\">").Append(HtmlText.E(e.Method)).Append("</td>");
            if (board.MeasuresAccuracy)
            {
                sb.Append("<td>").Append(e.Accuracy is { } a ? F(100 * a, "0.0") + "%" : "—")
                    .Append("</td><td>").Append(e is { AccuracyLow: { } low, AccuracyHigh: { } high } ? $"{F(100 * low, "0.0")}–{F(100 * high, "0.0")}" : "—")
                    .Append("</td><td>").Append(e.Samples).Append("</td><td>")
                    .Append(e.DeltaVsBaseline is { } d ? (d >= 0 ? "+" : "") + F(100 * d, "0.0") + " pt" : "—")
                    .Append("</td><td>").Append(e.PValueVsBaseline is { } p ? HtmlText.E(LeaderboardWriter.PValue(p)) : "—")
                    .Append("</td><td>").Append(e.LostVsBaseline is { } lost ? $"{lost} / {e.GainedVsBaseline}" : "—").Append("</td>");
            }

            sb.Append("<td>").Append(e.SpeedupVsBaseline is { } s ? F(s, "0.00") + "×" : "—")
                .Append("</td><td>").Append(e.NeedleRecall is { } n ? F(n, "0.000") : "—")
                .Append("</td><td>").Append(e.RetentionMean is { } r ? F(r, "0.000") : "—")
                .Append(board.MeasuresAccuracy ? "</td><td>" + (e.ParetoFrontier ? "★" : "") : "")
                .Append("</td><td class=\"l\"><code>").Append(HtmlText.E(ParameterDisplay.Round(e.MethodParams, e.VisualTokens))).Append("</code></td></tr>\n");
        }

        sb.Append("</table>\n<p><small>").Append(board.MeasuresAccuracy
            ? "Accuracy pooled over tasks; n = samples. " + HtmlText.E(LeaderboardWriter.Legend.TrimEnd())
            : "Speed only: this benchmark has no answers, so there is no accuracy, rank or Pareto flag. ")
            .Append(" Speedup = geometric mean of the runs' prefill speedups against the unreduced model on the same device.</small></p>\n");
        return sb.ToString();
    }

    /// <summary>
    /// Accuracy, 95% interval and n per setting and task, from the leaderboard's per-task entries; a setting that covers
    /// one task has none, and its overall entry is that task's cell.
    /// </summary>
    private static string PerTask(SiteBoard board)
    {
        var ok = board.Rows.Where(r => r.Status == RunStatus.Ok && r.Accuracy is not null && r.NSamples > 0).ToArray();
        var tasks = ok.Select(r => r.Task).Distinct().ToArray();
        var sb = new StringBuilder();
        sb.Append("<table>\n<tr><th>budget</th><th class=\"l\">method</th>");
        foreach (var task in tasks)
        {
            sb.Append("<th>").Append(HtmlText.E(task)).Append("</th>");
        }

        sb.Append("</tr>\n");
        foreach (var setting in board.Entries.Where(e => e.Accuracy is not null)
                     .OrderBy(e => e.Budget ?? -1).ThenBy(e => e.Method, StringComparer.Ordinal).ThenBy(e => e.MethodParams, StringComparer.Ordinal))
        {
            var perTask = board.TaskEntries.Where(t => SameSetting(t, setting)).ToDictionary(t => t.Task, StringComparer.Ordinal);
            if (perTask.Count == 0)
            {
                perTask[ok.First(r => r.Method == setting.Method && r.MethodParams == setting.MethodParams && r.Budget == setting.Budget).Task] = setting;
            }

            sb.Append("<tr><td>").Append(setting.Budget is { } b ? F(b, "0.###") : "—").Append("</td><td class=\"l\">").Append(HtmlText.E(setting.Method)).Append("</td>");
            foreach (var task in tasks)
            {
                sb.Append(perTask.GetValueOrDefault(task) is { Accuracy: { } a, AccuracyLow: { } low, AccuracyHigh: { } high } e
                    ? $"<td>{F(100 * a, "0.0")}%<br><small>{F(100 * low, "0")}–{F(100 * high, "0")}, n={e.Samples}</small></td>"
                    : "<td>—</td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</table>\n<p><small>Each cell: accuracy, its 95% Wilson interval and n.</small></p>\n");
        return sb.ToString();
    }

    private static bool SameSetting(LeaderboardEntry a, LeaderboardEntry b) =>
        a.Method == b.Method && a.MethodParams == b.MethodParams && a.Budget == b.Budget;

    private static string NotFinished(IReadOnlyList<ResultRow> rows)
    {
        var other = rows.Where(r => r.Status != RunStatus.Ok)
            .GroupBy(r => (r.Method, r.Budget, r.Status, r.Error))
            .Select(g => (g.Key, Tasks: string.Join(", ", g.Select(r => r.Task).Distinct())))
            .ToArray();
        if (other.Length == 0)
        {
            return "";
        }

        var sb = new StringBuilder("<h2 id=\"not-finished\">Runs that did not finish</h2>\n<table>\n<tr><th class=\"l\">method</th><th>budget</th><th class=\"l\">status</th><th class=\"l\">tasks</th><th class=\"l\">reason</th></tr>\n");
        foreach (var (key, tasks) in other)
        {
            sb.Append("<tr><td class=\"l\">").Append(HtmlText.E(key.Method)).Append("</td><td>").Append(key.Budget is { } b ? F(b, "0.###") : "—")
                .Append("</td><td class=\"l\">").Append(HtmlText.E(key.Status)).Append("</td><td class=\"l\">").Append(HtmlText.E(tasks))
                .Append("</td><td class=\"l\">").Append(HtmlText.E(key.Error)).Append("</td></tr>\n");
        }

        return sb.Append("</table>\n").ToString();
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
