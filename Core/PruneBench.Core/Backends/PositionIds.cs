using PruneBench.Core.Tensors;

namespace PruneBench.Core.Backends;

/// <summary>RoPE position ids as <see cref="IBackend.Rope"/> takes them: F32 [n] on the backend (integer ids are exact in fp32 below 2^24).</summary>
public static class PositionIds
{
    /// <summary>Uploads <paramref name="ids"/> as F32 [ids.Length] (a queued copy on the Torch backend: no wait for the stream).</summary>
    public static Tensor Upload(IBackend backend, ReadOnlySpan<int> ids)
    {
        var values = new float[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            values[i] = ids[i];
        }

        return backend.FromHost(values, ids.Length);
    }
}
