using PruneBench.Harness.Analysis;
using PruneBench.Harness.Tests.Commands;
using PruneBench.Harness.Tests.Infrastructure;

namespace PruneBench.Harness.Tests.Analysis;

[Collection(nameof(CliCollection))]
public sealed class AnalyzeCliTests
{
    [Fact]
    public void Analyze_writes_one_row_per_layer_and_setting_with_plots_unreduced_and_under_methods()
    {
        using var temp = new TempFolder();

        var result = CliProcess.Run(300, "analyze", "-m", "synth-nemotronh", "--task", "needle-color", "--frames", "8", "--samples", "2",
            "--methods", "stateful,random", "--budgets", "0.5", "--device", "cpu", "-o", temp.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = AnalysisCsvFile.Read(temp.File(AnalysisCsvFile.FileName));
        Assert.Equal(["none", "stateful @0.5", "random @0.5"], rows.Select(r => r.SettingLabel).Distinct());
        Assert.Equal(3 * 8, rows.Count); // synth-nemotronh has 8 layers
        var none = rows.Where(r => r.Method == "none").ToArray();
        Assert.All(none, r => Assert.Equal(1, r.Retention));
        Assert.All(none, r => Assert.Equal(1, r.NeedleRecall));
        // Mamba and attention layers are scored in every sample; MLP layers never are.
        Assert.All(none, r => Assert.Equal(r.LayerKind == "mlp" ? 0 : 2, r.ScoredSamples));
        Assert.All(none.Where(r => r.LayerKind != "mlp"), r => Assert.InRange(r.Density50!.Value, 0.0, r.Density90!.Value));
        Assert.Equal(1, none.Last(r => r.LayerKind != "mlp").TauToLast!.Value, 12);
        // Under a method, fewer tokens reach the last layer.
        Assert.All(rows.Where(r => r.Method != "none"), r => Assert.True(r.Layer == 0 || r.Retention < 1 || r.Layer < 2, $"{r.SettingLabel} layer {r.Layer}: {r.Retention}"));
        Assert.True(rows.Where(r => r.Method == "stateful").Last().Retention < 0.5);
        Assert.True(File.Exists(temp.File("synth-nemotronh-synth-retention.svg")));
        Assert.True(File.Exists(temp.File("synth-nemotronh-synth-density-stateful-0.5.svg")));
        Assert.Contains("\"model\": \"synth-nemotronh\"", File.ReadAllText(temp.File(AnalysisManifest.FileName)), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_method_is_one_line_with_exit_code_2_and_writes_nothing()
    {
        using var temp = new TempFolder();
        var output = temp.File("out");

        var result = CliProcess.Run(120, "analyze", "-m", "synth-qwen2", "--methods", "stateful,nosuch", "--device", "cpu", "-o", output);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Contains("unknown method 'nosuch'", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }
}
