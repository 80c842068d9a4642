namespace PruneBench.Core.Backends.Cuda.Memory;

/// <summary>
/// Temporary device blocks of one op (widened bf16 weights, uploaded index arrays). Disposing returns them
/// to the allocator; that is safe right after the op's kernels are queued, because any later kernel that
/// reuses a block runs after them in stream order.
/// </summary>
internal sealed class ScratchBlocks : IDisposable
{
    private readonly List<CudaStorage> _blocks = [];

    /// <summary>Takes ownership of <paramref name="block"/> until this scope ends.</summary>
    public void Add(CudaStorage block) => _blocks.Add(block);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var b in _blocks)
        {
            b.Dispose();
        }

        _blocks.Clear();
    }
}
