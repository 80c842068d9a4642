using PruneBench.Core.Models.Caches;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Models.Layers;

/// <summary>The token mixer or feed-forward of a layer: input already normalised, output before the residual add.</summary>
internal interface IMixer : IDisposable
{
    /// <summary>
    /// Prefill over x [T, H] at RoPE <paramref name="positions"/>; returns [T, H] and the cache for decoding
    /// (room for <paramref name="extraCapacity"/> more tokens). Fills <paramref name="probe"/> when given.
    /// </summary>
    Tensor Prefill(Tensor x, int[] positions, int extraCapacity, SignalProbe? probe, out LayerCache cache);

    /// <summary>One decode token x [1, H] at <paramref name="position"/>; updates <paramref name="cache"/>.</summary>
    Tensor Step(Tensor x, int position, LayerCache cache);
}
