using System.Text.Json;
using PruneBench.Benchmarks.Synthetic;
using PruneBench.Core.Checkpoints;
using Xunit;

namespace PruneBench.Benchmarks.Tests.Synthetic;

public sealed class SynthTrainingExporterTests
{
    [Fact]
    public void An_exported_group_holds_exactly_the_generated_samples_and_their_targets()
    {
        var directory = Path.Combine(Path.GetTempPath(), "pb-export-" + Guid.NewGuid().ToString("N"));
        try
        {
            SynthTrainingExporter.Export(directory, SynthSplit.Train, [(8, 3, 1.0)], 16, 7, TextWriter.Null);

            using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "manifest.json")));
            Assert.Equal(SynthTaskNames.All.Count, manifest.RootElement.GetProperty("groups").GetArrayLength());
            foreach (var task in SynthTaskNames.All)
            {
                var path = Path.Combine(directory, $"train_{SynthTaskNames.NameOf(task)}_m8_d1.00.safetensors");
                using var file = SafetensorsFile.Open(path);
                var ids = file.ReadInts("input_ids");
                var features = file.ReadFloats("features");
                var answers = file.ReadInts("answer");
                var relevant = file.ReadFloats("relevant");
                var relevantObject = file.ReadInts("relevant_object");
                const int visual = 8 * 16;
                for (var i = 0; i < 3; i++)
                {
                    var s = SynthGenerator.Generate(new SynthSampleKey(task, SynthSplit.Train, 8, 16, 7, i));
                    var length = s.TokenIds.Length;
                    Assert.Equal(s.TokenIds, ids.AsSpan(i * length, length).ToArray());
                    Assert.Equal(s.Features, features.AsSpan(i * visual * SynthFeatureSpace.Dim, visual * SynthFeatureSpace.Dim).ToArray());
                    Assert.Equal(s.AnswerIndex, answers[i]);
                    var expectedObject = Enumerable.Repeat(-1, visual).ToArray();
                    for (var r = 0; r < s.RelevantVisualIndices.Length; r++)
                    {
                        expectedObject[s.RelevantVisualIndices[r]] = s.RelevantObjectIds[r];
                    }

                    Assert.Equal(expectedObject, relevantObject.AsSpan(i * visual, visual).ToArray());
                    Assert.Equal(expectedObject.Select(o => o >= 0 ? 1f : 0f).ToArray(), relevant.AsSpan(i * visual, visual).ToArray());
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
