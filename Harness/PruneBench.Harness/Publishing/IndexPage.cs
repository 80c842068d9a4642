using System.Globalization;
using System.Text;
using PruneBench.Harness.Results;
using PruneBench.Harness.Sweeps;
using PruneBench.Harness.Runs;

namespace PruneBench.Harness.Publishing;

/// <summary>The site's index: one line per model × benchmark page, the downloads, the inputs and where they were measured.</summary>
public static class IndexPage
{
    /// <summary>The page's HTML.</summary>
    /// <param name="boards">The boards, in page order.</param>
    /// <param name="inputs">What publish read.</param>
    /// <param name="publisherCommit">Commit of the prunebench that published the site.</param>
    /// <param name="createdUtc">When the site was published.</param>
    public static string Render(IReadOnlyList<SiteBoard> boards, SiteInputs inputs, string publisherCommit, string createdUtc)
    {
        var sb = new StringBuilder("<h1>prunebench results</h1>\n");
        sb.Append("<p>Visual-token reduction methods compared on long-video models: accuracy with its 95% interval, measured speedup and retention, ")
            .Append("and the per-layer analysis of the paper's Figure 1. Download: <a href=\"").Append(PublishService.LeaderboardFileName).Append("\">leaderboard.csv</a>.</p>\n");
        sb.Append("<h2>Models and benchmarks</h2>\n<table>\n<tr><th class=\"l\">model</th><th class=\"l\">benchmark</th><th class=\"l\">device</th><th>settings</th>")
            .Append("<th>runs ok / skipped / failed</th><th>baseline accuracy</th><th>per-layer analysis</th></tr>\n");
        foreach (var board in boards)
        {
            var baseline = board.Entries.FirstOrDefault(e => e.Method == RunConfiguration.BaselineMethod && e.Budget is null);
            sb.Append("<tr><td class=\"l\"><a href=\"").Append(HtmlText.E(board.PageName)).Append("\">").Append(HtmlText.E(board.Model)).Append("</a></td>")
                .Append("<td class=\"l\">").Append(HtmlText.E(board.Benchmark)).Append("</td>")
                .Append("<td class=\"l\">").Append(HtmlText.E(string.Join(", ", SiteEnvironment.Of(board.Rows).Select(e => e.Gpu.Length > 0 ? e.Gpu.Split(" · ")[0] : e.Device).Distinct()))).Append("</td>")
                .Append("<td>").Append(board.Entries.Count).Append("</td>")
                .Append("<td>").Append(Count(board, RunStatus.Ok)).Append(" / ").Append(Count(board, RunStatus.Skipped)).Append(" / ").Append(Count(board, RunStatus.Failed)).Append("</td>")
                .Append("<td>").Append(baseline is { Accuracy: { } a, AccuracyLow: { } low, AccuracyHigh: { } high }
                    ? string.Create(CultureInfo.InvariantCulture, $"{100 * a:0.0}% <small>[{100 * low:0.0}, {100 * high:0.0}], n={baseline.Samples}</small>")
                    : board.MeasuresAccuracy ? "—" : "speed only").Append("</td>")
                .Append("<td>").Append(board.Analysis.Count > 0 ? "yes" : "—").Append("</td></tr>\n");
        }

        sb.Append("</table>\n<h2>Environment</h2>\n").Append(SiteEnvironment.Table(SiteEnvironment.Of(inputs.Results.SelectMany(r => r.Rows))));
        sb.Append("<p>Published by prunebench at commit <code>").Append(HtmlText.E(publisherCommit)).Append("</code> on ").Append(HtmlText.E(createdUtc)).Append(".</p>\n");
        sb.Append("<h2>Inputs</h2>\n<ul>\n");
        foreach (var source in inputs.Results)
        {
            sb.Append("<li><code>").Append(HtmlText.E(Relative(source.Path))).Append("</code>: ").Append(source.Rows.Count).Append(" runs")
                .Append(source.Provenance is { } p ? $", written by <code>{HtmlText.E(p.CommandLine)}</code> at commit <code>{HtmlText.E(p.GitCommit)}</code>" : "")
                .Append("</li>\n");
        }

        foreach (var source in inputs.Analyses)
        {
            sb.Append("<li><code>").Append(HtmlText.E(Relative(source.Path))).Append("</code>: ").Append(source.Rows.Count).Append(" layer rows")
                .Append(source.Manifest is { } m ? $", written by <code>{HtmlText.E(m.CommandLine)}</code> at commit <code>{HtmlText.E(m.GitCommit)}</code>" : "")
                .Append("</li>\n");
        }

        sb.Append("</ul>\n");
        return HtmlText.Page("prunebench results", sb.ToString());
    }

    private static int Count(SiteBoard board, string status) => board.Rows.Count(r => r.Status == status);

    private static string Relative(string path) => Path.GetRelativePath(Environment.CurrentDirectory, path);
}
