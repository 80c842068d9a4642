using PruneBench.Core.Tensors;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Ops;

/// <summary>
/// <see cref="AttentionParityTests"/> on the Torch backend in fp32 mode: SDPA (prefill with is_causal, decode
/// without a mask, queries inside the cache with an explicit mask per 1024-row block) and the folded ToMe bias,
/// all in fp32, so <see cref="AttentionParityTests.Fp32Tolerance"/> applies as to the native fp32 kernel.
/// </summary>
public sealed class TorchAttentionParityTests(TorchFixture fixture) : AttentionParityTests(fixture)
{
    protected override void AssertAttention(Tensor expected, Func<Tensor> attend, int tq, int d, string what)
    {
        using var g = attend();
        AssertClose(expected, g, Fp32Tolerance, what + " (torch fp32)");
    }

    /// <summary>
    /// SDPA's working set: q, k, v in head-major layout (k and v repeated for GQA, the query padded when a bias
    /// is folded), the output and its [T, Hq, d] transpose — about six tensors the size of the output; 16 leaves
    /// room for the kernel's choice of layout, and is still 8× below one fp32 score matrix at T = 8192.
    /// </summary>
    protected override long AttentionWorkspaceLimit(long outputBytes) => outputBytes * 16;
}
