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

    /// <summary>One decode token x [1, H] at <paramref name="position"/>; updates <paramref name="cache"/>.</summary>
    Tensor Step(Tensor x, int position, LayerCache cache);
}
