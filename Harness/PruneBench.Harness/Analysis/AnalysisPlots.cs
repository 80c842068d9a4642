using System.Globalization;
using PruneBench.Abstractions.Model;
using PruneBench.Harness.Plotting;
using ScottPlot;

namespace PruneBench.Harness.Analysis;

/// <summary>
/// The paper's Figure 1 for one model × benchmark, from its analysis rows: retention and needle recall per
/// layer (one line per method setting), and per setting the score density (τ = 0.5/0.8/0.9) and the ranking
/// stability (Kendall τ_b to the previous and to the last scored layer, top-k overlap).
/// </summary>
public static class AnalysisPlots
{
    /// <summary>Renders the plots of <paramref name="board"/> (rows of one model and benchmark) into <paramref name="folder"/>.</summary>
    /// <param name="board">Analysis rows of one model and benchmark, setting by setting, layers ascending.</param>
    /// <param name="folder">Output folder (exists).</param>
    /// <returns>The plots written, in the order a page shows them.</returns>
    public static IReadOnlyList<PlotFile> Write(IReadOnlyList<LayerAnalysisRow> board, string folder)
    {
        var first = board[0];
        var prefix = PlotCanvas.Slug($"{first.Model}-{first.Benchmark}");
        var settings = board.GroupBy(r => r.SettingLabel).Select(g => g.OrderBy(r => r.Layer).ToArray()).ToArray();
        var kinds = settings[0].Select(r => Enum.Parse<LayerKind>(r.LayerKind, ignoreCase: true)).ToArray();
        var layers = kinds.Select((_, l) => (double)l).ToArray();
        var files = new List<PlotFile>();

        var retention = PlotCanvas.Create($"{first.Model} · {first.Benchmark}: visual tokens entering each layer", "layer", "retention (fraction of visual tokens)");
        for (var i = 0; i < settings.Length; i++)
        {
            PlotCanvas.Line(retention, layers, settings[i].Select(r => (double?)r.Retention).ToArray(), settings[i][0].SettingLabel, i);
        }

        files.Add(Save(retention, kinds, folder, $"{prefix}-retention.svg", "Retention per layer",
            "Measured fraction of the visual tokens entering each layer, mean over the samples, one line per method setting."));

        if (board.Any(r => r.NeedleRecall is not null))
        {
            var recall = PlotCanvas.Create($"{first.Model} · {first.Benchmark}: needle recall per layer", "layer", "needle recall");
            for (var i = 0; i < settings.Length; i++)
            {
                PlotCanvas.Line(recall, layers, settings[i].Select(r => r.NeedleRecall).ToArray(), settings[i][0].SettingLabel, i);
            }

            files.Add(Save(recall, kinds, folder, $"{prefix}-needle-recall.svg", "Needle recall per layer",
                "Fraction of the ground-truth relevant visual tokens still present entering each layer."));
        }

        foreach (var setting in settings)
        {
            var label = setting[0].SettingLabel;
            var slug = PlotCanvas.Slug(label);
            var density = PlotCanvas.Create($"{first.Model} · {label}: score density", "layer", "fraction of tokens holding τ of the score mass");
            PlotCanvas.Line(density, layers, setting.Select(r => r.Density50).ToArray(), "τ = 0.5", 0);
            PlotCanvas.Line(density, layers, setting.Select(r => r.Density80).ToArray(), "τ = 0.8", 1);
            PlotCanvas.Line(density, layers, setting.Select(r => r.Density90).ToArray(), "τ = 0.9", 2);
            files.Add(Save(density, kinds, folder, $"{prefix}-density-{slug}.svg", $"Score density · {label}",
                "Smallest fraction of the present visual tokens whose scores hold τ of the layer's score mass (low = sparse importance). MLP layers have no score."));

            var stability = PlotCanvas.Create($"{first.Model} · {label}: ranking stability", "layer", "Kendall τ_b / top-k overlap");
            PlotCanvas.Line(stability, layers, setting.Select(r => r.TauToPrevious).ToArray(), "τ_b vs previous scored layer", 0);
            PlotCanvas.Line(stability, layers, setting.Select(r => r.TauToLast).ToArray(), "τ_b vs last scored layer", 1);
            PlotCanvas.Line(stability, layers, setting.Select(r => r.TopKToPrevious).ToArray(),
                $"top-{setting[0].TopFraction.ToString("0.##", CultureInfo.InvariantCulture)} overlap vs previous", 2);
            files.Add(Save(stability, kinds, folder, $"{prefix}-stability-{slug}.svg", $"Ranking stability · {label}",
                "Kendall τ_b of the token ranking against the previous and the last scored layer, and top-k overlap with the previous one, over the tokens both layers scored."));
        }

        return files;
    }

    private static PlotFile Save(Plot plot, IReadOnlyList<LayerKind> kinds, string folder, string fileName, string title, string caption)
    {
        PlotCanvas.LayerTicks(plot, kinds);
        plot.Axes.SetLimitsX(-0.5, kinds.Count - 0.5);
        plot.XLabel("layer (A attention, M Mamba, F MLP)");
        PlotCanvas.Save(plot, folder, fileName);
        return new PlotFile(fileName, title, caption);
    }
}
