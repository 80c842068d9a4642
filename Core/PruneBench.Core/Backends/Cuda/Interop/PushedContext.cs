namespace PruneBench.Core.Backends.Cuda.Interop;

/// <summary>
/// Makes a context current for the lifetime of a using block (cuCtxPushCurrent / cuCtxPopCurrent), so
/// that handle releases work from any thread, finalizer included.
/// </summary>
internal readonly ref struct PushedContext
{
    private readonly bool _pushed;

    private PushedContext(bool pushed) => _pushed = pushed;

    internal static PushedContext Push(nint context) =>
        new(context != 0 && CudaDriver.cuCtxPushCurrent(context) == CuResult.Success);

    public void Dispose()
    {
        if (_pushed)
        {
            CudaDriver.cuCtxPopCurrent(out _);
        }
    }
}
