using System.Text.Json.Nodes;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Checkpoints;
using PruneBench.Core.Engine;
using PruneBench.Core.Models;
using PruneBench.Core.Tests.TestSupport;

namespace PruneBench.Core.Tests.Models;

/// <summary>A VLM checkpoint's language model loads from either tensor layout transformers has saved, vision tensors ignored.</summary>
public sealed class VlmCheckpointLayoutTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("prunebench-vlm-layout-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("language_model.model.", "language_model.lm_head.weight")] // older LLaVA hub checkpoints
    [InlineData("model.language_model.", "lm_head.weight")]                // transformers 5 save_pretrained
    public void A_llava_onevision_checkpoint_runs_its_text_model_like_the_plain_checkpoint(string root, string head)
    {
        // The llama fixture (untied lm_head) wrapped as a LLaVA-OneVision checkpoint: text_config + renamed tensors.
        var text = JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures.Dir("llama"), "config.json")))!.AsObject();
        File.WriteAllText(Path.Combine(_dir, "config.json"),
            new JsonObject { ["model_type"] = "llava_onevision", ["video_token_index"] = 251, ["text_config"] = text }.ToJsonString());
        using (var weights = SafetensorsFile.Open(Path.Combine(Fixtures.Dir("llama"), "model.safetensors")))
        {
            SafetensorsWriter.Write(Path.Combine(_dir, "model.safetensors"), weights.Entries.Keys
                .Select(n => new SafetensorsWriter.Item(n == "lm_head.weight" ? head : root + n["model.".Length..], weights.Entry(n).Shape, weights.ReadFloats(n)))
                .Append(new SafetensorsWriter.Item("vision_tower.vision_model.post_layernorm.weight", [8], new float[8])));
        }

        var (prompt, reference) = Fixtures.Load("llama");
        using (reference)
        using (var plain = LanguageModel.Load(Fixtures.Dir("llama"), new CpuBackend()))
        using (var vlm = LanguageModel.Load(_dir, new CpuBackend()))
        {
            Assert.False(vlm.Config.TieWordEmbeddings);
            Assert.Equal(new ReductionEngine(plain).Run(prompt, null, RunOptions.Default).LastLogits, new ReductionEngine(vlm).Run(prompt, null, RunOptions.Default).LastLogits);
        }
    }
}
