using System.Text.Json.Nodes;
using PruneBench.Abstractions.Tokens;
using PruneBench.Benchmarks.Packs;
using PruneBench.Benchmarks.Suites;
using PruneBench.Benchmarks.Tests.TestSupport;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Engine;
using PruneBench.Core.Models;

namespace PruneBench.Benchmarks.Tests.Packs;

/// <summary>
/// A VLM-style pack (3-D position ids, a newline row with its own embedding) through writer, loader and engine on
/// an M-RoPE checkpoint: the loaded prompt runs exactly like the in-memory one.
/// </summary>
public sealed class MRopePackTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The qwen2 parity fixture's weights under a Qwen2.5-VL config.json (text_config + mrope_section [2, 3, 3]).</summary>
    private string MRopeModel()
    {
        var dir = Path.Combine(_temp.Path, "model");
        Directory.CreateDirectory(dir);
        var source = RepositoryFixtures.Path("qwen2");
        File.Copy(Path.Combine(source, "model.safetensors"), Path.Combine(dir, "model.safetensors"));
        var text = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "config.json")))!.AsObject();
        text["model_type"] = "qwen2_5_vl_text";
        text["rope_parameters"]!["mrope_section"] = new JsonArray(2, 3, 3);
        File.WriteAllText(Path.Combine(dir, "config.json"), new JsonObject { ["model_type"] = "qwen2_5_vl", ["text_config"] = text }.ToJsonString());
        return dir;
    }

    [Fact]
    public void A_pack_with_3d_position_ids_and_a_newline_row_runs_like_the_prompt_it_was_written_from()
    {
        using var model = LanguageModel.Load(MRopeModel(), new CpuBackend());
        var (h, r) = (model.HiddenSize, new Random(3));
        // [5 text][4 frames × 2×3 visual][newline][6 text]: ids of the newline row are a placeholder (as a VLM's video token).
        var layout = new SampleLayout(5, 4, 6, 7, 2, 3);
        var ids = Enumerable.Range(0, layout.Length).Select(_ => r.Next(3, 200)).ToArray();
        var newline = layout.PrefixLength + layout.VisualCount;
        int[][] positions = [new int[layout.Length], new int[layout.Length], new int[layout.Length]];
        for (var i = 0; i < layout.Length; i++)
        {
            var v = i - layout.PrefixLength;
            int[] p = v < 0 ? [i, i, i]
                : v < layout.VisualCount ? [5 + 2 * (v / 6), 5 + v % 6 / 3, 5 + v % 3]
                : [12 + v - layout.VisualCount, 12 + v - layout.VisualCount, 12 + v - layout.VisualCount];
            (positions[0][i], positions[1][i], positions[2][i]) = (p[0], p[1], p[2]);
        }

        var prompt = new Prompt(ids, layout, Enumerable.Range(0, layout.VisualCount * h).Select(_ => (float)(r.NextDouble() - 0.5)).ToArray(),
            positions, new RowEmbeddings([newline], Enumerable.Range(0, h).Select(_ => (float)(r.NextDouble() - 0.5)).ToArray()));
        var pack = Path.Combine(_temp.Path, "pack");
        SamplePackWriter.Write(pack, new PackManifest { FormatVersion = PackManifest.CurrentFormatVersion, Benchmark = "t", Model = "m", HiddenSize = h, DType = "f32", VocabSize = model.VocabSize },
            [new BenchmarkSample("s-0", "t", prompt, 1, [10, 11, 12], [], null)]);

        var loaded = Assert.Single(SamplePackLoader.Load(pack, new PackLoadOptions(h, model.VocabSize, RopeAxes: 3)).Samples).LoadPrompt();
        var engine = new ReductionEngine(model);
        var expected = engine.Run(prompt, null, RunOptions.Default).LastLogits;
        Assert.Equal(expected, engine.Run(loaded, null, RunOptions.Default).LastLogits);
        Assert.NotEqual(expected, engine.Run(loaded with { PositionIds = null }, null, RunOptions.Default).LastLogits);
    }
}
