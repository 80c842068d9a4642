using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Signals;
using PruneBench.Abstractions.Tokens;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Engine;
using PruneBench.Core.Models;
using PruneBench.Core.Tests.TestSupport;

namespace PruneBench.Core.Tests.Engine;

/// <summary>M-RoPE through the engine: VLM checkpoint layout, 3-D position ids, and ids travelling with tokens through reductions.</summary>
public sealed class MRopeEngineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("prunebench-mrope-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Applies one fixed decision before the first layer.</summary>
    private sealed class BeforeFirstLayer(ReductionDecision decision) : IReducer
    {
        public SignalRequest SignalsAfter(int layer) => layer == -1 ? new SignalRequest(SignalKinds.Hidden) : SignalRequest.Nothing;

        public ReductionDecision Decide(LayerObservation observation) => decision;
    }

    /// <summary>Qwen2-VL's get_rope_index for [text][video t×h×w][text]: text 0…s−1; video s + (t, h, w); text after from max + 1.</summary>
    private static int[][] QwenPositions(SampleLayout l)
    {
        var p = Enumerable.Range(0, 3).Select(_ => new int[l.Length]).ToArray();
        for (var i = 0; i < l.Length; i++)
        {
            var v = i - l.PrefixLength;
            var (t, h, w) = v < 0 ? (i, i, i)
                : v < l.VisualCount ? (l.PrefixLength + v / l.TokensPerFrame, l.PrefixLength + v % l.TokensPerFrame / l.GridCols, l.PrefixLength + v % l.GridCols)
                : (0, 0, 0);
            if (v >= l.VisualCount)
            {
                // The largest video id is s + max(frames, rows, cols) − 1; text resumes one after it.
                t = h = w = l.PrefixLength + Math.Max(l.Frames, Math.Max(l.GridRows, l.GridCols)) + v - l.VisualCount;
            }

            (p[0][i], p[1][i], p[2][i]) = (t, h, w);
        }

        return p;
    }

    [Fact]
    public void A_qwen2_5_vl_checkpoint_with_equal_ids_on_every_axis_is_bit_identical_to_its_text_model()
    {
        var (prompt, reference) = Fixtures.Load("qwen2");
        reference.Dispose();
        using var text = LanguageModel.Load(Fixtures.Dir("qwen2"), new CpuBackend());
        using var vlm = LanguageModel.Load(VlmCheckpoint.Write("qwen2", Path.Combine(_dir, "vl"), [2, 3, 3]), new CpuBackend());
        Assert.Equal(3, vlm.Config.RopeAxes);
        var expected = new ReductionEngine(text).Run(prompt, null, new RunOptions(DecodeSteps: 2));
        var got = new ReductionEngine(vlm).Run(prompt, null, new RunOptions(DecodeSteps: 2));
        Assert.Equal(expected.LastLogits, got.LastLogits);
        Assert.Equal(expected.DecodeLogits[1], got.DecodeLogits[1]);
    }

    [Fact]
    public void Three_axis_ids_change_the_output_and_survive_compaction_with_their_tokens()
    {
        var (prompt, reference) = Fixtures.Load("qwen2");
        reference.Dispose();
        using var vlm = LanguageModel.Load(VlmCheckpoint.Write("qwen2", Path.Combine(_dir, "vl"), [2, 3, 3]), new CpuBackend());
        var engine = new ReductionEngine(vlm);
        var l = prompt.Layout;
        var mrope = prompt with { PositionIds = QwenPositions(l) };
        var flat = engine.Run(prompt, null, RunOptions.Default).LastLogits;
        var full = engine.Run(mrope, null, RunOptions.Default).LastLogits;
        Assert.True(Fixtures.MaxAbsDiff(flat, full) > 1e-3f * Fixtures.MaxAbs(full), "3-D ids must matter");

        // Keeping every third visual token before layer 0 equals a fresh run of the kept rows at their original ids.
        int[] kept = [0, 3, 6, 9, 12, 15, 18, 21];
        var reduced = engine.Run(mrope, new BeforeFirstLayer(ReductionDecision.Keep(kept)), RunOptions.Default).LastLogits;
        var rows = Enumerable.Range(0, l.PrefixLength).Concat(kept.Select(k => l.PrefixLength + k)).Concat(Enumerable.Range(l.PrefixLength + l.VisualCount, l.SuffixLength)).ToArray();
        var h = vlm.HiddenSize;
        var fresh = new Prompt(
            rows.Select(r => prompt.TokenIds[r]).ToArray(),
            new SampleLayout(l.PrefixLength, 1, kept.Length, l.SuffixLength, 1, kept.Length),
            kept.SelectMany(k => prompt.VisualEmbeddings.Skip(k * h).Take(h)).ToArray(),
            mrope.PositionIds!.Select(axis => rows.Select(r => axis[r]).ToArray()).ToArray());
        var expected = engine.Run(fresh, null, RunOptions.Default).LastLogits;
        Assert.True(Fixtures.MaxAbsDiff(expected, reduced) <= 1e-5f * Fixtures.MaxAbs(expected));
    }

    [Fact]
    public void A_merge_keeps_the_targets_position_ids_and_drops_the_sources()
    {
        var layout = new SampleLayout(2, 2, 2, 1, 1, 2);
        int[][] ids = [[0, 1, 2, 2, 3, 3, 4], [0, 1, 2, 2, 2, 2, 4], [0, 1, 2, 3, 2, 3, 4]];
        var seq = TokenSequence.Initial(layout, ids);
        var (_, _, _, next) = seq.Apply(ReductionDecision.Merge([1, 3], [0, 2]), "test", 0);
        Assert.Equal([[0, 1, 2, 3, 4], [0, 1, 2, 2, 4], [0, 1, 2, 2, 4]], next.Positions);
        Assert.Equal([2f, 2f], next.Tokens.Skip(2).Take(2).Select(t => t.Size));
    }

    [Fact]
    public void Three_axis_ids_given_to_a_1d_rope_model_are_refused()
    {
        var (prompt, reference) = Fixtures.Load("qwen2");
        reference.Dispose();
        using var text = LanguageModel.Load(Fixtures.Dir("qwen2"), new CpuBackend());
        var e = Assert.Throws<ArgumentException>(() => new ReductionEngine(text).Run(prompt with { PositionIds = QwenPositions(prompt.Layout) }, null, RunOptions.Default));
        Assert.Contains("3-axis (M-RoPE) position ids but model 'qwen2' uses 1-D RoPE", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Position_ids_of_the_wrong_length_are_refused()
    {
        var (prompt, reference) = Fixtures.Load("qwen2");
        reference.Dispose();
        using var text = LanguageModel.Load(Fixtures.Dir("qwen2"), new CpuBackend());
        var e = Assert.Throws<ArgumentException>(() => new ReductionEngine(text).Run(prompt with { PositionIds = [new int[3]] }, null, RunOptions.Default));
        Assert.Contains("axis 0 has 3 entries but the prompt has 36 rows", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_row_with_a_given_embedding_equals_the_token_whose_embedding_it_is()
    {
        var (prompt, reference) = Fixtures.Load("qwen2");
        reference.Dispose();
        using var model = LanguageModel.Load(Fixtures.Dir("qwen2"), new CpuBackend());
        var row = prompt.Layout.PrefixLength + prompt.Layout.VisualCount; // first row after the video (LLaVA-OneVision's newline)
        using var embedding = model.Embed([prompt.TokenIds[row]]);
        var ids = (int[])prompt.TokenIds.Clone();
        ids[row] = 999_999; // a placeholder outside the vocabulary, as the VLM's video token may be
        var given = prompt with { TokenIds = ids, TextEmbeddings = new RowEmbeddings([row], model.Backend.ToHost(embedding)) };
        var engine = new ReductionEngine(model);
        Assert.Equal(engine.Run(prompt, null, RunOptions.Default).LastLogits, engine.Run(given, null, RunOptions.Default).LastLogits);
    }
}
