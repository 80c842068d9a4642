using System.Text.Json;
using PruneBench.Benchmarks.Synthetic;
using PruneBench.Benchmarks.Vlm;
using PruneBench.Core.Checkpoints;

namespace PruneBench.Benchmarks.Tests.TestSupport;

/// <summary>Writes a vlm.json + projector.safetensors pair (deterministic small weights) into a folder.</summary>
public static class TestWiring
{
    public static void Write(string directory, int hidden, int inner = 8, int? featureDim = null, Action<VlmWiringFile>? edit = null)
    {
        Directory.CreateDirectory(directory);
        var dv = featureDim ?? SynthFeatureSpace.Dim;
        var random = new SynthRandom(7);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(0.1 * random.NextGaussian())).ToArray();
        SafetensorsWriter.Write(Path.Combine(directory, SynthWiringTemplate.ProjectorFileName),
        [
            new SafetensorsWriter.Item("linear_1.weight", [inner, dv], Floats: Values(inner * dv)),
            new SafetensorsWriter.Item("linear_1.bias", [inner], Floats: Values(inner)),
            new SafetensorsWriter.Item("linear_2.weight", [hidden, inner], Floats: Values(hidden * inner)),
            new SafetensorsWriter.Item("linear_2.bias", [hidden], Floats: Values(hidden)),
        ]);
        var file = SynthWiringTemplate.Create();
        edit?.Invoke(file);
        File.WriteAllText(Path.Combine(directory, VlmWiring.FileName), JsonSerializer.Serialize(file));
    }
}
