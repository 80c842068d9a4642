using System.Globalization;
using System.Text;
using PruneBench.Abstractions.Model;
using ScottPlot;

namespace PruneBench.Harness.Plotting;

/// <summary>
/// The house style of every plot (ScottPlot 5, rendered headless through SkiaSharp to SVG): one size, one
/// palette, one way to label layers, file names safe on every file system. Why ScottPlot: docs/publish.md.
/// </summary>
public static class PlotCanvas
{
    /// <summary>Width of every plot in pixels.</summary>
    public const int Width = 720;

    /// <summary>Height of every plot in pixels.</summary>
    public const int Height = 420;

    /// <summary>A new plot with a title and axis labels.</summary>
    public static Plot Create(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        plot.Legend.Alignment = Alignment.LowerLeft;
        return plot;
    }

    private static readonly MarkerShape[] Shapes =
        [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.FilledTriangleDown, MarkerShape.OpenCircle, MarkerShape.OpenSquare];

    /// <summary>Colour of series <paramref name="index"/> (Category10, repeating).</summary>
    public static Color Color(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    /// <summary>
    /// Adds a line with markers over the defined points of <paramref name="ys"/> (null/NaN points are left out:
    /// a layer without a score is not a zero).
    /// </summary>
    public static void Line(Plot plot, IReadOnlyList<double> xs, IReadOnlyList<double?> ys, string label, int colour)
    {
        var points = xs.Zip(ys).Where(p => p.Second is { } v && !double.IsNaN(v)).ToArray();
        if (points.Length == 0)
        {
            return;
        }

        var scatter = plot.Add.Scatter(points.Select(p => p.First).ToArray(), points.Select(p => p.Second!.Value).ToArray(), Color(colour));
        scatter.LegendText = label;
        scatter.LineWidth = 2;
        scatter.MarkerSize = 6;
        // Series differ by colour and marker shape: dashed lines come out of the SVG canvas unsupported.
        scatter.MarkerShape = Shapes[colour % Shapes.Length];
    }

    /// <summary>Adds markers without a line (one series of a scatter plot).</summary>
    public static void Markers(Plot plot, double[] xs, double[] ys, string label, int colour)
    {
        var markers = plot.Add.Markers(xs, ys, Shapes[colour % Shapes.Length], 8, Color(colour));
        markers.LegendText = label;
    }

    /// <summary>Layer ticks under the x axis: "0 A", "1 M", "2 F" (attention, Mamba, MLP).</summary>
    public static void LayerTicks(Plot plot, IReadOnlyList<LayerKind> kinds)
    {
        var positions = Enumerable.Range(0, kinds.Count).Select(l => (double)l).ToArray();
        var labels = kinds.Select((k, l) => $"{l.ToString(CultureInfo.InvariantCulture)} {KindLetter(k)}").ToArray();
        plot.Axes.Bottom.SetTicks(positions, labels);
    }

    /// <summary>A/M/F for attention, Mamba, MLP (feed-forward).</summary>
    public static char KindLetter(LayerKind kind) => kind switch
    {
        LayerKind.Attention => 'A',
        LayerKind.Mamba => 'M',
        _ => 'F',
    };

    /// <summary>Writes <paramref name="plot"/> as <c>folder/fileName</c> (SVG).</summary>
    public static void Save(Plot plot, string folder, string fileName) =>
        plot.SaveSvg(Path.Combine(folder, fileName), Width, Height);

    /// <summary>A file-name-safe slug: letters and digits (lower case) and '.' kept; every other run of characters becomes one '-'.</summary>
    public static string Slug(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var keep = char.IsAsciiLetterOrDigit(c) || c is '.';
            if (keep || (sb.Length > 0 && sb[^1] != '-'))
            {
                sb.Append(keep ? char.ToLowerInvariant(c) : '-');
            }
        }

        return sb.ToString().Trim('-', '.');
    }
}
