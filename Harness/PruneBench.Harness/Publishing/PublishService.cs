using System.Globalization;
using System.Text;
using PruneBench.Harness.Analysis;
using PruneBench.Harness.Commands;
using PruneBench.Harness.Devices;
using PruneBench.Harness.Leaderboard;
using PruneBench.Harness.Sweeps;
using PruneBench.Harness.Usage;
using PruneBench.Harness.Results;

namespace PruneBench.Harness.Publishing;

/// <summary>
/// <c>prunebench publish RESULTS… --out SITE</c>: a static site that opens from disk with no network —
/// index.html, one page per model × benchmark with its plots (SVG, ScottPlot), leaderboard.csv and each
/// board's analysis CSV for download. Inputs are only read: the site goes into its own folder.
/// </summary>
public static class PublishService
{
    /// <summary>File name of the leaderboard CSV in the site.</summary>
    public const string LeaderboardFileName = "leaderboard.csv";

    /// <summary>File name of the index page.</summary>
    public const string IndexFileName = "index.html";

    /// <summary>Builds the site; returns its boards.</summary>
    /// <exception cref="UsageException">A missing or empty input, or an output folder that is, holds or lies inside an input.</exception>
    /// <exception cref="Results.ResultsSchemaException">An input of another schema; names the file.</exception>
    public static IReadOnlyList<SiteBoard> Run(IReadOnlyList<string> inputs, string output, TextWriter writer)
    {
        CheckOutput(inputs, output);
        var site = SiteInputs.Read(inputs);
        var folder = OutputFolder.Prepare(output);

        // The rows and predictions prunebench leaderboard would count, so leaderboard.csv and the pages agree with it.
        var (rows, predictions) = LeaderboardService.Select(site.Results.Select(s => s.Path), site.Results.SelectMany(s => s.Rows), writer);
        var entries = LeaderboardBuilder.Build(rows, predictions);
        LeaderboardWriter.WriteCsv(Path.Combine(folder, LeaderboardFileName), entries);

        var analysis = site.Analyses.SelectMany(s => s.Rows).ToArray();
        var keys = rows.Select(r => (r.Model, r.Benchmark)).Concat(analysis.Select(r => (r.Model, r.Benchmark)))
            .Distinct().OrderBy(k => k.Model, StringComparer.Ordinal).ThenBy(k => k.Benchmark, StringComparer.Ordinal).ToArray();
        var boards = keys.Select(k => new SiteBoard(k.Model, k.Benchmark,
            entries.Where(e => e.Model == k.Model && e.Benchmark == k.Benchmark && e.Task == LeaderboardEntry.AllTasks).ToArray(),
            entries.Where(e => e.Model == k.Model && e.Benchmark == k.Benchmark && e.Task != LeaderboardEntry.AllTasks).ToArray(),
            rows.Where(r => r.Model == k.Model && r.Benchmark == k.Benchmark).ToArray(),
            analysis.Where(r => r.Model == k.Model && r.Benchmark == k.Benchmark).ToArray(),
            site.Results.Where(s => s.Provenance is not null && s.Rows.Any(r => r.Model == k.Model && r.Benchmark == k.Benchmark)).Select(s => s.Provenance!).ToArray(),
            site.Analyses.Where(s => s.Manifest is not null && s.Rows.Any(r => r.Model == k.Model && r.Benchmark == k.Benchmark)).Select(s => s.Manifest!).ToArray())).ToArray();

        var plots = 0;
        foreach (var board in boards)
        {
            var files = BoardPlots.Write(board, folder);
            plots += files.Count;
            if (board.Analysis.Count > 0)
            {
                AnalysisCsvFile.Write(Path.Combine(folder, board.Slug + "-analysis.csv"), board.Analysis);
            }

            Write(folder, board.PageName, BoardPage.Render(board, files));
        }

        Write(folder, IndexFileName, IndexPage.Render(boards, site, GitCommit.Current, DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)));
        writer.WriteLine($"Site: {Path.Combine(folder, IndexFileName)} ({boards.Length} model × benchmark pages, {plots} plots, {site.Results.Count} results and {site.Analyses.Count} analysis files read).");
        return boards;
    }

    /// <summary>The site never goes into, above or below an input folder: publishing must not touch what it reads.</summary>
    private static void CheckOutput(IReadOnlyList<string> inputs, string output)
    {
        var site = Path.TrimEndingDirectorySeparator(Path.GetFullPath(output));
        foreach (var input in inputs)
        {
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(input));
            var folder = Directory.Exists(full) ? full : Path.GetDirectoryName(full)!;
            if (site == folder || site.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                || folder.StartsWith(site + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new UsageException($"publish: --out '{output}' overlaps the input folder '{input}'; give a folder outside the inputs (e.g. site/).");
            }
        }
    }

    private static void Write(string folder, string name, string html) =>
        File.WriteAllText(Path.Combine(folder, name), html, new UTF8Encoding(false));
}
