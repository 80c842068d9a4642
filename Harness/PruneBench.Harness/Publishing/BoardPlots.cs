using System.Globalization;
using PruneBench.Harness.Analysis;
using PruneBench.Harness.Plotting;
using PruneBench.Harness.Sweeps;
using ScottPlot;
using PruneBench.Harness.Runs;
using PruneBench.Harness.Statistics;

namespace PruneBench.Harness.Publishing;

/// <summary>
/// The plots of one board page: the Pareto plot (accuracy with its 95% interval vs measured speedup; on
/// speed-only benchmarks, speedup vs measured mean retention), then the analysis plots when the board has an
/// analysis (retention and needle recall per layer per method, density and stability per setting).
/// </summary>
public static class BoardPlots
{
    /// <summary>Renders the board's plots into <paramref name="folder"/>; returns them in page order (the Pareto plot first when the board has results).</summary>
    public static IReadOnlyList<PlotFile> Write(SiteBoard board, string folder)
    {
        var files = new List<PlotFile>();
        if (board.Entries.Count > 0)
        {
            files.Add(board.MeasuresAccuracy ? AccuracyVsSpeedup(board, folder) : SpeedupVsRetention(board, folder));
        }

        if (board.Analysis.Count > 0)
        {
            files.AddRange(AnalysisPlots.Write(board.Analysis, folder));
        }

        return files;
    }

    private static PlotFile AccuracyVsSpeedup(SiteBoard board, string folder)
    {
        var points = board.Entries.Where(e => e is { Accuracy: not null, AccuracyLow: not null, AccuracyHigh: not null, SpeedupVsBaseline: not null }).ToArray();
        var plot = PlotCanvas.Create($"{board.Model} · {board.Benchmark}: accuracy vs prefill speedup", "prefill speedup vs the unreduced model (×)", "accuracy (%)");
        var methods = points.Select(e => e.Method).Distinct().ToArray();
        for (var m = 0; m < methods.Length; m++)
        {
            var mine = points.Where(e => e.Method == methods[m]).ToArray();
            var xs = mine.Select(e => e.SpeedupVsBaseline!.Value).ToArray();
            var ys = mine.Select(e => 100 * e.Accuracy!.Value).ToArray();
            var bars = plot.Add.ErrorBar(xs, ys, ys.Select(_ => 0.0).ToArray());
            bars.YErrorNegative = ys.Zip(mine, (y, e) => y - (100 * e.AccuracyLow!.Value)).ToArray();
            bars.YErrorPositive = ys.Zip(mine, (y, e) => (100 * e.AccuracyHigh!.Value) - y).ToArray();
            bars.Color = PlotCanvas.Color(m).WithAlpha(0.5);
            PlotCanvas.Markers(plot, xs, ys, methods[m], m);
            foreach (var e in mine.Where(e => e.Budget is not null))
            {
                var text = plot.Add.Text(e.Budget!.Value.ToString("0.##", CultureInfo.InvariantCulture), e.SpeedupVsBaseline!.Value, 100 * e.Accuracy!.Value);
                text.LabelFontSize = 10;
                text.LabelFontColor = PlotCanvas.Color(m);
                text.LabelOffsetX = 6;
            }
        }

        // The leaderboard's ★: the frontier in accuracy, retention and speedup, so a ringed point may sit below another in this plane.
        MarkFrontier(plot, points.Where(e => e.ParetoFrontier).Select(e => (e.SpeedupVsBaseline!.Value, 100 * e.Accuracy!.Value)).ToArray());
        plot.Legend.Alignment = Alignment.LowerLeft;
        var name = $"{board.Slug}-pareto.svg";
        PlotCanvas.Save(plot, folder, name);
        return new PlotFile(name, "Accuracy vs speedup",
            "Each point is a method at a budget (the number beside it), pooled over tasks; bars are 95% Wilson intervals; grey rings mark the leaderboard's Pareto ★ (no other setting at least as accurate at no higher mean retention and no lower speedup, within its tolerances). Speedups are measured on the results' device.");
    }

    private static PlotFile SpeedupVsRetention(SiteBoard board, string folder)
    {
        var points = board.Entries.Where(e => e is { RetentionMean: not null, SpeedupVsBaseline: not null }).ToArray();
        var plot = PlotCanvas.Create($"{board.Model} · {board.Benchmark}: prefill speedup vs retention", "measured mean retention of visual tokens", "prefill speedup vs the unreduced model (×)");
        var methods = points.Select(e => e.Method).Distinct().ToArray();
        for (var m = 0; m < methods.Length; m++)
        {
            var mine = points.Where(e => e.Method == methods[m]).ToArray();
            PlotCanvas.Markers(plot, mine.Select(e => e.RetentionMean!.Value).ToArray(), mine.Select(e => e.SpeedupVsBaseline!.Value).ToArray(), methods[m], m);
        }

        // No accuracy here: all points tie on it, so the frontier is the one of retention and speedup alone.
        var onFrontier = ParetoFrontier.OnFrontier(points.Select(e => new ParetoPoint(0, e.RetentionMean!.Value, e.SpeedupVsBaseline)).ToArray());
        MarkFrontier(plot, points.Where((_, i) => onFrontier[i]).Select(e => (e.RetentionMean!.Value, e.SpeedupVsBaseline!.Value)).ToArray());
        plot.Legend.Alignment = Alignment.UpperRight;
        var name = $"{board.Slug}-pareto.svg";
        PlotCanvas.Save(plot, folder, name);
        return new PlotFile(name, "Speedup vs retention",
            string.Create(CultureInfo.InvariantCulture, $"This benchmark has no answers (speed only): each point is a method at a budget, its measured mean retention against its prefill speedup; grey rings mark the points no other point beats in both (retention within ±{ParetoFrontier.RetentionTolerance} and speedup within ±{ParetoFrontier.SpeedupTolerance * 100:0}% count as equal). The baseline ({RunConfiguration.BaselineMethod}) is at 1, 1."));
    }

    /// <summary>Rings the frontier's points (x, y): a ring, not a line, as the accuracy plot's frontier has a third coordinate.</summary>
    private static void MarkFrontier(Plot plot, IReadOnlyList<(double X, double Y)> frontier)
    {
        if (frontier.Count == 0)
        {
            return;
        }

        var rings = plot.Add.Markers(frontier.Select(p => p.X).ToArray(), frontier.Select(p => p.Y).ToArray(), MarkerShape.OpenCircle, 18, Colors.Gray);
        rings.LegendText = "Pareto frontier ★";
    }
}
