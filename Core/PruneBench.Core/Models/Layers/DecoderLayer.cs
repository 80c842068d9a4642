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

    /// <summary>Prefill in place on hidden [T, H]; returns this layer's cache.</summary>
    public LayerCache Prefill(Tensor hidden, PrefillContext context)
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

            backend.Add(hidden, output);
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
