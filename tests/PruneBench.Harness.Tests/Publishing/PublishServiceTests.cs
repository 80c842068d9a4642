using System.Security.Cryptography;
using PruneBench.Harness.Commands;
using PruneBench.Harness.Leaderboard;
using PruneBench.Harness.Publishing;
using PruneBench.Harness.Results;
using PruneBench.Harness.Tests.Infrastructure;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Tests.Publishing;

public sealed class PublishServiceTests
{
    private static string Shipped(string name) => Path.Combine(RepositoryPaths.Root, "results", name);

    [Fact]
    public void Publishing_the_shipped_results_writes_an_index_one_page_per_model_and_benchmark_plots_and_the_leaderboard_csv()
    {
        using var temp = new TempFolder();
        var site = temp.File("site");

        var boards = PublishService.Run([Shipped("synth-cpu"), Shipped("h200-speed")], site, TextWriter.Null);

        Assert.Equal(["nemotron-nano-12b-v2 random", "qwen2-7b random", "synth-nemotronh synth", "synth-qwen2 synth"], boards.Select(b => $"{b.Model} {b.Benchmark}"));
        Assert.True(File.Exists(Path.Combine(site, PublishService.IndexFileName)));
        Assert.All(boards, b => Assert.True(File.Exists(Path.Combine(site, b.PageName)), b.PageName));
        Assert.All(boards, b => Assert.True(File.Exists(Path.Combine(site, b.Slug + "-pareto.svg")), b.Slug));
        var index = File.ReadAllText(Path.Combine(site, PublishService.IndexFileName));
        Assert.All(boards, b => Assert.Contains($"href=\"{b.PageName}\"", index, StringComparison.Ordinal));
        Assert.Contains("NVIDIA H200", index, StringComparison.Ordinal);
        Assert.DoesNotContain("http", index.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal); // nothing from the network

        // The downloadable leaderboard is prunebench leaderboard's of the same inputs (predictions read, so p-values and paired ranks are there).
        using var expected = new TempFolder();
        LeaderboardService.Write([Path.Combine(Shipped("synth-cpu"), "results.csv"), Path.Combine(Shipped("h200-speed"), "results.csv")], expected.Path, TextWriter.Null);
        Assert.Equal(File.ReadAllText(expected.File(LeaderboardService.CsvName)), File.ReadAllText(Path.Combine(site, PublishService.LeaderboardFileName)));
        Assert.Contains(boards.SelectMany(b => b.Entries), e => e.PValueVsBaseline is not null);

        // A board's leaderboard holds the overall rows; the per-task rows feed its per-task table.
        Assert.All(boards.SelectMany(b => b.Entries), e => Assert.Equal(LeaderboardEntry.AllTasks, e.Task));
        Assert.All(boards.SelectMany(b => b.TaskEntries), e => Assert.NotEqual(LeaderboardEntry.AllTasks, e.Task));
        Assert.NotEmpty(boards.Single(b => b.Model == "synth-qwen2").TaskEntries);
    }

    [Fact]
    public void Rows_seen_twice_under_one_run_id_count_once_as_in_the_leaderboard_command()
    {
        using var temp = new TempFolder();
        foreach (var copy in new[] { "a", "b" })
        {
            Directory.CreateDirectory(temp.File(copy));
            foreach (var file in Directory.GetFiles(Shipped("synth-cpu")))
            {
                File.Copy(file, Path.Combine(temp.File(copy), Path.GetFileName(file)));
            }
        }

        var printed = new StringWriter();
        var twice = PublishService.Run([temp.File("a"), temp.File("b")], temp.File("twice"), printed);
        var once = PublishService.Run([temp.File("a")], temp.File("once"), TextWriter.Null);

        var rows = ResultsCsvFile.Read(Path.Combine(Shipped("synth-cpu"), "results.csv")).Count;
        Assert.Contains($"Ignored {rows} duplicate rows", printed.ToString(), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(temp.File("once/leaderboard.csv")), File.ReadAllText(temp.File("twice/leaderboard.csv")));
        Assert.Equal(once.Select(b => b.Rows.Count), twice.Select(b => b.Rows.Count));
    }

    [Fact]
    public void The_per_task_table_gives_accuracy_with_its_wilson_interval_and_n()
    {
        using var temp = new TempFolder();

        PublishService.Run([Shipped("synth-cpu")], temp.Path, TextWriter.Null);

        // synth-qwen2's baseline answers all 40 needle-color samples: 100%, interval from 91% (Wilson), n = 40.
        var page = File.ReadAllText(temp.File("synth-qwen2-synth.html"));
        Assert.Contains("<th>needle-color</th>", page, StringComparison.Ordinal);
        Assert.Contains("100.0%<br><small>91–100, n=40</small>", page, StringComparison.Ordinal);
        Assert.Contains("Runs that did not finish", page, StringComparison.Ordinal); // the skipped fastv settings, with their reason
    }

    [Fact]
    public void Publishing_reads_its_inputs_without_changing_a_byte()
    {
        using var temp = new TempFolder();
        var input = temp.File("in");
        Directory.CreateDirectory(input);
        foreach (var file in Directory.GetFiles(Shipped("synth-cpu")))
        {
            File.Copy(file, Path.Combine(input, Path.GetFileName(file)));
        }

        var before = Snapshot(input);
        PublishService.Run([input], temp.File("site"), TextWriter.Null);

        Assert.Equal(before, Snapshot(input));
    }

    [Theory]
    [InlineData("")]
    [InlineData("site")]
    public void An_output_folder_that_is_or_lies_inside_an_input_is_refused_before_anything_is_written(string inside)
    {
        using var temp = new TempFolder();
        var input = temp.File("in");
        Directory.CreateDirectory(input);
        File.Copy(Path.Combine(Shipped("synth-cpu"), "results.csv"), Path.Combine(input, "results.csv"));
        File.Copy(Path.Combine(Shipped("synth-cpu"), "results.csv.schema.json"), Path.Combine(input, "results.csv.schema.json"));
        var output = Path.Combine(input, inside);

        var e = Assert.Throws<UsageException>(() => PublishService.Run([input], output, TextWriter.Null));

        Assert.Contains("overlaps the input folder", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFileSystemEntries(input).Length);
    }

    [Fact]
    public void A_folder_without_results_or_analysis_is_refused_by_name()
    {
        using var temp = new TempFolder();
        var empty = temp.File("empty");
        Directory.CreateDirectory(empty);
        File.WriteAllText(Path.Combine(empty, "notes.csv"), "a,b\n1,2\n");

        var e = Assert.Throws<UsageException>(() => PublishService.Run([empty], temp.File("site"), TextWriter.Null));

        Assert.Contains($"'{empty}' holds no results CSV", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("site")));
    }

    [Fact]
    public void Two_analyses_of_one_model_and_benchmark_are_refused_naming_both_files()
    {
        using var temp = new TempFolder();
        var source = Path.Combine(RepositoryPaths.Root, "docs", "analysis", "synth-qwen2", "analysis.csv");
        foreach (var copy in new[] { "a", "b" })
        {
            Directory.CreateDirectory(temp.File(copy));
            File.Copy(source, Path.Combine(temp.File(copy), "analysis.csv"));
        }

        var e = Assert.Throws<UsageException>(() => PublishService.Run([temp.File("a"), temp.File("b")], temp.File("site"), TextWriter.Null));

        Assert.Contains("both analyse synth-qwen2 on synth", e.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(temp.File("a"), "analysis.csv"), e.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
}
