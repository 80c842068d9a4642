using System.Text.Json;
using System.Text.Json.Nodes;

namespace PruneBench.Harness.Sweeps;

/// <summary>
/// Writes a resolved grid as a sweep file (JSON, which <see cref="SweepFileReader"/> reads as YAML flow syntax) for
/// worker processes and array jobs: each worker reads the same grid and runs its <c>--shard</c>, so every worker
/// expands exactly the runs, and run ids, of the whole sweep.
/// </summary>
public static class SweepGridFile
{
    /// <summary>File name beside the merged results.</summary>
    public const string FileName = "sweep.grid.json";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    /// <summary>Writes <paramref name="spec"/> to <paramref name="path"/>.</summary>
    public static void Write(SweepSpec spec, string path)
    {
        var root = new JsonObject
        {
            ["models"] = new JsonArray([.. spec.Models.Select(m => JsonValue.Create(m))]),
            ["benchmarks"] = new JsonArray([.. spec.Benchmarks.Select(b =>
            {
                var axis = new JsonObject
                {
                    ["name"] = b.Name,
                    ["tasks"] = new JsonArray([.. b.Tasks.Select(t => JsonValue.Create(t))]),
                    ["frames"] = new JsonArray([.. b.Frames.Select(f => JsonValue.Create(f))]),
                    ["tokens_per_frame"] = new JsonArray([.. b.TokensPerFrame.Select(n => JsonValue.Create(n))]),
                };
                // 0 = "as the suite defines" (a pack's "all"): left to the reader's default.
                if (b.Samples is > 0 and var samples)
                {
                    axis["samples"] = samples;
                }

                return (JsonNode)axis;
            })]),
            ["methods"] = new JsonArray([.. spec.Methods.Select(m => (JsonNode)new JsonObject
            {
                ["name"] = m.Name,
                ["params"] = new JsonObject(m.Parameters.Select(p =>
                    new KeyValuePair<string, JsonNode?>(p.Key, new JsonArray([.. p.Value.Select(v => JsonValue.Create(v))])))),
            })]),
            ["budgets"] = new JsonArray([.. spec.Budgets.Select(b => JsonValue.Create(b))]),
            ["seeds"] = new JsonArray([.. spec.Seeds.Select(s => JsonValue.Create(s))]),
        };
        File.WriteAllText(path, root.ToJsonString(Options) + "\n");
    }
}
