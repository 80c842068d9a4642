using PruneBench.Core.Models.Caches;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Models.Layers;

/// <summary>The token mixer or feed-forward of a layer: input already normalised, output before the residual add.</summary>
internal interface IMixer : IDisposable
{
    /// <summary>
    /// Prefill over x [T, H]; returns [T, H] and the cache for decoding. Fills the context's probe when given
    /// (only the token-mixing sublayer of a layer receives it).
    /// </summary>
    Tensor Prefill(Tensor x, PrefillContext context, out LayerCache cache);

    /// <summary>
    /// One decode token x [1, H] at <paramref name="position"/> (F32 [1] position id on the backend, as
    /// <see cref="Backends.IBackend.Rope"/> takes it: uploaded once per step for every layer); updates <paramref name="cache"/>.
    /// </summary>
    Tensor Step(Tensor x, Tensor position, LayerCache cache);
}
