using PruneBench.Abstractions.Tokens;
using PruneBench.Core.Checkpoints;
using PruneBench.Core.Engine;

namespace PruneBench.Core.Tests.TestSupport;

/// <summary>Locates tests/fixtures (made by tools/reference/make_fixtures.py with transformers 5.17) and reads their references.</summary>
public static class Fixtures
{
    /// <summary>Every parity fixture folder name.</summary>
    public static readonly string[] All = ["llama", "qwen2", "qwen3", "llama_bf16_sharded", "nemotron_h", "nemotron_h_groups"];

    /// <summary>Repository root (the folder holding PruneBench.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PruneBench.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new DirectoryNotFoundException("PruneBench.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Folder of fixture <paramref name="name"/>.</summary>
    public static string Dir(string name) => Path.Combine(RepoRoot, "tests", "fixtures", name);

    /// <summary>The reference prompt of a fixture: 24 visual rows laid out as 4 frames × 6 tokens.</summary>
    public static (Prompt Prompt, SafetensorsFile Reference) Load(string name)
    {
        var reference = SafetensorsFile.Open(Path.Combine(Dir(name), "reference.safetensors"));
        var ids = reference.ReadInts("input_ids");
        var start = reference.ReadInts("visual_start")[0];
        var visual = reference.ReadFloats("visual_embeds");
        var v = reference.Entry("visual_embeds").Shape[0];
        var layout = new SampleLayout(start, 4, v / 4, ids.Length - start - v, 2, v / 8);
        return (new Prompt(ids, layout, visual), reference);
    }

    /// <summary>max |a − b|.</summary>
    public static float MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        var m = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            m = Math.Max(m, Math.Abs(a[i] - b[i]));
        }

        return m;
    }

    /// <summary>max |a|.</summary>
    public static float MaxAbs(ReadOnlySpan<float> a)
    {
        var m = 0f;
        foreach (var x in a)
        {
            m = Math.Max(m, Math.Abs(x));
        }

        return m;
    }
}
