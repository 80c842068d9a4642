using PruneBench.Abstractions.Model;
using PruneBench.Core.Backends;
using PruneBench.Core.Models.Caches;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Models.Layers;

/// <summary>
/// One decoder layer as a list of pre-norm residual sublayers: h ← h + mixer(RMSNorm(h)).
/// llama/qwen: [attention, SwiGLU MLP]; nemotron_h: one of [Mamba2], [attention], [relu² MLP].
/// The first sublayer mixes tokens: it owns the cache and answers signal probes.
/// </summary>
internal sealed class DecoderLayer(IBackend backend, LayerKind kind, float eps, IReadOnlyList<(Tensor Norm, IMixer Mixer)> sublayers) : IDisposable
{
    /// <summary>Mixer kind of this layer.</summary>
    public LayerKind Kind { get; } = kind;

    /// <summary>
    /// Prefill on hidden [T, H], in place; returns this layer's cache. When the context's compaction drops tokens after
    /// this layer, the last residual add writes only the kept rows into a new tensor (AddCompactRows) and
    /// <paramref name="hidden"/> is replaced by it ([T − count + k, H]; the old tensor is disposed).
    /// </summary>
    public LayerCache Prefill(ref Tensor hidden, PrefillContext context)
    {
        LayerCache cache = NoCache.Instance;
        for (var i = 0; i < sublayers.Count; i++)
        {
            var (norm, mixer) = sublayers[i];
            using var normed = backend.RmsNorm(hidden, norm, eps);
            using var output = mixer.Prefill(normed, i == 0 ? context : context with { Probe = null }, out var c);
            if (i == 0)
            {
                cache = c;
            }

            // The decision comes after the layer's mixing (its score exists) and before its last add.
            var kept = i == sublayers.Count - 1 && context.Compaction is { } compaction ? compaction.Decide() : null;
            if (kept is null)
            {
                backend.Add(hidden, output);
                continue;
            }

            var compacted = backend.AddCompactRows(hidden, output, kept, context.Compaction!.Start, context.Compaction.Count);
            hidden.Dispose();
            hidden = compacted;
        }

        return cache;
    }

    /// <summary>One decode token, in place on hidden [1, H], at <paramref name="position"/> (F32 [1] on the backend).</summary>
    public void Step(Tensor hidden, Tensor position, LayerCache cache)
    {
        for (var i = 0; i < sublayers.Count; i++)
        {
            var (norm, mixer) = sublayers[i];
            using var normed = backend.RmsNorm(hidden, norm, eps);
            using var output = mixer.Step(normed, position, i == 0 ? cache : NoCache.Instance);
            backend.Add(hidden, output);
        }
    }

    public void Dispose()
    {
        foreach (var (norm, mixer) in sublayers)
        {
            norm.Dispose();
            mixer.Dispose();
        }
    }
}
