using System.Text;
using PruneBench.Harness.Leaderboard;
using PruneBench.Harness.Results;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Separation;

/// <summary>
/// <c>prunebench separation</c>: reads result CSVs (files or folders) and their predictions as the leaderboard does,
/// prints the separation report and writes it to <c>separation.md</c> in <c>--out</c> when given.
/// </summary>
public static class SeparationService
{
    /// <summary>File name of the written report.</summary>
    public const string MarkdownName = "separation.md";

    /// <summary>Runs the test and prints the verdicts (exit code 0 whatever they say: the report is the result).</summary>
    /// <exception cref="UsageException">A criterion is out of range.</exception>
    /// <exception cref="FileNotFoundException">An input does not exist.</exception>
    /// <exception cref="ResultsSchemaException">An input is not a results CSV of this schema.</exception>
    public static int Run(IReadOnlyList<string> inputs, SeparationCriteria criteria, string? outputFolder, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        if (criteria.Budget is <= 0 or > 1 || double.IsNaN(criteria.Budget))
        {
            throw new UsageException($"--budget {criteria.Budget}: a budget is a mean retention in (0, 1].");
        }

        if (criteria.Alpha is <= 0 or >= 1 || double.IsNaN(criteria.Alpha))
        {
            throw new UsageException($"--alpha {criteria.Alpha}: a significance level is in (0, 1).");
        }

        if (criteria.MinSpread is < 0 or > 1 || double.IsNaN(criteria.MinSpread))
        {
            throw new UsageException($"--min-spread {criteria.MinSpread}: a spread is a fraction in [0, 1] (0.1 = 10 points).");
        }

        var files = LeaderboardService.ResultFiles(inputs);
        var (rows, predictions) = LeaderboardService.Select(files, files.SelectMany(ResultsCsvFile.Read), output);
        var verdicts = SeparationTest.Evaluate(rows, predictions, criteria);
        var markdown = SeparationWriter.ToMarkdown(verdicts, criteria);
        output.Write(markdown);
        if (outputFolder is not null)
        {
            Directory.CreateDirectory(outputFolder);
            File.WriteAllText(Path.Combine(outputFolder, MarkdownName), markdown, new UTF8Encoding(false));
            output.WriteLine($"Separation report: {Path.Combine(outputFolder, MarkdownName)}");
        }

        return ExitCodes.Ok;
    }
}
