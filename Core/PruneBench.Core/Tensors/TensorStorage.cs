namespace PruneBench.Core.Tensors;

/// <summary>
/// Memory owned by one backend (host array, device allocation). A <see cref="Tensor"/> and its views
/// share one storage; disposing the owning tensor releases it.
/// </summary>
public abstract class TensorStorage : IDisposable
{
    private bool _disposed;

    /// <summary>Bytes held.</summary>
    public abstract long Bytes { get; }

    /// <summary>Releases the memory (returns it to the backend's allocator).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Release();
        GC.SuppressFinalize(this);
    }

    /// <summary>True after <see cref="Dispose"/>.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>Frees the memory once.</summary>
    protected abstract void Release();
}
