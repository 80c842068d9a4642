namespace PruneBench.Core.Models.Caches;

/// <summary>
/// Decode-time state of one layer after prefill. Each layer owns its cache, so layers of a reduced run
/// hold different lengths (layers ≤ ℓ saw every token, layers &gt; ℓ only the survivors).
/// </summary>
public abstract class LayerCache : IDisposable
{
    /// <summary>Bytes of state held (K/V or conv + SSM state).</summary>
    public abstract long Bytes { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the tensors.</summary>
    protected abstract void Release();
}
