using System.Globalization;
using PruneBench.Harness.Analysis;
using PruneBench.Harness.Plotting;
using PruneBench.Harness.Sweeps;
using ScottPlot;
using PruneBench.Harness.Runs;

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
        var points = board.Entries.Where(e => e is { Accuracy: not null, SpeedupVsBaseline: not null, Samples: > 0 }).ToArray();
        var plot = PlotCanvas.Create($"{board.Model} · {board.Benchmark}: accuracy vs prefill speedup", "prefill speedup vs the unreduced model (×)", "accuracy (%)");
        var methods = points.Select(e => e.Method).Distinct().ToArray();
        for (var m = 0; m < methods.Length; m++)
        {
            var mine = points.Where(e => e.Method == methods[m]).ToArray();
            var xs = mine.Select(e => e.SpeedupVsBaseline!.Value).ToArray();
            var ys = mine.Select(e => 100 * e.Accuracy!.Value).ToArray();
            var intervals = mine.Select(e => AccuracyInterval.Pool([(e.Accuracy!.Value, e.Samples)])).ToArray();
            var bars = plot.Add.ErrorBar(xs, ys, ys.Select(_ => 0.0).ToArray());
            bars.YErrorNegative = ys.Zip(intervals, (y, i) => y - (100 * i.Low)).ToArray();
            bars.YErrorPositive = ys.Zip(intervals, (y, i) => (100 * i.High) - y).ToArray();
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

        Front(plot, points.Select(e => (e.SpeedupVsBaseline!.Value, 100 * e.Accuracy!.Value)).ToArray());
        plot.Legend.Alignment = Alignment.LowerLeft;
        var name = $"{board.Slug}-pareto.svg";
        PlotCanvas.Save(plot, folder, name);
        return new PlotFile(name, "Accuracy vs speedup",
            "Each point is a method at a budget (the number beside it), pooled over tasks; bars are 95% Wilson intervals; the grey line joins the points no other point beats in both accuracy and speedup. Speedups are measured on the results' device.");
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

        // Less retention and more speedup are better: negate x for the front, back for drawing.
        var front = ParetoFront.Of(points.Select(e => (-e.RetentionMean!.Value, e.SpeedupVsBaseline!.Value)).ToArray());
        DrawFront(plot, front.Select(i => (points[i].RetentionMean!.Value, points[i].SpeedupVsBaseline!.Value)).ToArray());
        plot.Legend.Alignment = Alignment.UpperRight;
        var name = $"{board.Slug}-pareto.svg";
        PlotCanvas.Save(plot, folder, name);
        return new PlotFile(name, "Speedup vs retention",
            $"This benchmark has no answers (speed only): each point is a method at a budget, its measured mean retention against its prefill speedup; the grey line joins the points no other point beats in both. The baseline ({RunConfiguration.BaselineMethod}) is at 1, 1.");
    }

    private static void Front(Plot plot, IReadOnlyList<(double X, double Y)> points) =>
        DrawFront(plot, ParetoFront.Of(points).Select(i => points[i]).ToArray());

    private static void DrawFront(Plot plot, IReadOnlyList<(double X, double Y)> front)
    {
        if (front.Count < 2)
        {
            return;
        }

        var line = plot.Add.ScatterLine(front.Select(p => p.X).ToArray(), front.Select(p => p.Y).ToArray(), Colors.Gray);
        line.LineWidth = 1.5f;
        line.LegendText = "Pareto front";
    }
}
