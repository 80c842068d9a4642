using System.Text;
using PruneBench.Harness.Results;

namespace PruneBench.Harness.Leaderboard;

/// <summary>
/// <c>prunebench leaderboard</c>: reads result CSVs (files, or folders whose *.csv are results), writes
/// <c>leaderboard.csv</c> and <c>leaderboard.md</c> into the output folder, prints the Markdown.
/// </summary>
public static class LeaderboardService
{
    /// <summary>File name of the leaderboard CSV.</summary>
    public const string CsvName = "leaderboard.csv";

    /// <summary>File name of the Markdown rendering.</summary>
    public const string MarkdownName = "leaderboard.md";

    /// <summary>Builds and writes the leaderboard; returns the entries.</summary>
    /// <exception cref="FileNotFoundException">An input does not exist.</exception>
    /// <exception cref="ResultsSchemaException">An input is not a results CSV of this schema.</exception>
    public static IReadOnlyList<LeaderboardEntry> Write(IReadOnlyList<string> inputs, string outputFolder, TextWriter output)
    {
        var rows = ResultFiles(inputs).SelectMany(ResultsCsvFile.Read).ToArray();
        var entries = LeaderboardBuilder.Build(rows);
        var markdown = LeaderboardWriter.ToMarkdown(entries);
        Directory.CreateDirectory(outputFolder);
        LeaderboardWriter.WriteCsv(Path.Combine(outputFolder, CsvName), entries);
        File.WriteAllText(Path.Combine(outputFolder, MarkdownName), markdown, new UTF8Encoding(false));
        output.Write(entries.Count == 0 ? "No successful runs to rank.\n" : markdown);
        return entries;
    }

    /// <summary>Expands folders to their result CSVs (every *.csv except leaderboards).</summary>
    public static IReadOnlyList<string> ResultFiles(IEnumerable<string> inputs)
    {
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                files.AddRange(Directory.EnumerateFiles(input, "*.csv")
                    .Where(f => !string.Equals(Path.GetFileName(f), CsvName, StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(input))
            {
                files.Add(input);
            }
            else
            {
                throw new FileNotFoundException($"Results input '{input}' does not exist.", input);
            }
        }

        return files;
    }
}
