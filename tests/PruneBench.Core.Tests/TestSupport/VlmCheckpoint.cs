using System.Text.Json.Nodes;
using PruneBench.Core.Checkpoints;

namespace PruneBench.Core.Tests.TestSupport;

/// <summary>
/// Re-saves a qwen2 parity fixture as transformers 5 saves a Qwen2.5-VL checkpoint: text fields under
/// <c>text_config</c> with an <c>mrope_section</c>, language-model tensors under <c>model.language_model.*</c>, plus
/// a vision tensor the loader must ignore. Same weights, so with equal position ids on all axes it is the fixture.
/// </summary>
public static class VlmCheckpoint
{
    /// <summary>Writes the checkpoint into <paramref name="dir"/> and returns it.</summary>
    public static string Write(string fixture, string dir, int[] mropeSection)
    {
        Directory.CreateDirectory(dir);
        var text = JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures.Dir(fixture), "config.json")))!.AsObject();
        text["model_type"] = "qwen2_5_vl_text";
        text["rope_parameters"]!["mrope_section"] = new JsonArray(mropeSection.Select(s => (JsonNode)s).ToArray());
        var config = new JsonObject
        {
            ["model_type"] = "qwen2_5_vl",
            ["tie_word_embeddings"] = text["tie_word_embeddings"]!.GetValue<bool>(),
            ["vision_config"] = new JsonObject { ["depth"] = 1 },
            ["text_config"] = text,
        };
        File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());

        using var weights = SafetensorsFile.Open(Path.Combine(Fixtures.Dir(fixture), "model.safetensors"));
        var items = weights.Entries.Keys
            .Select(name => new SafetensorsWriter.Item(name.StartsWith("model.", StringComparison.Ordinal) ? "model.language_model." + name["model.".Length..] : name,
                weights.Entry(name).Shape, weights.ReadFloats(name)))
            .Append(new SafetensorsWriter.Item("model.visual.patch_embed.proj.weight", [4, 3], new float[12]));
        SafetensorsWriter.Write(Path.Combine(dir, "model.safetensors"), items);
        return dir;
    }
}
