using PruneBench.Core.Backends.Cuda.Interop;

namespace PruneBench.Core.Backends.Cuda;

/// <summary>
/// <see cref="IDeviceTimer"/> on a CUDA stream: each bracket is a pair of events recorded in stream order (a few
/// microseconds of host time each, no wait); <see cref="TakeElapsedMs"/> waits for the last event and sums the pairs.
/// Event pairs are created on first use and reused for the next prefill (stateful's all-layer ramp brackets ~85
/// per prefill: 51 decisions and 34 scores).
/// </summary>
internal sealed class CudaEventTimer(nint context, nint stream) : IDeviceTimer
{
    private readonly List<(nint Start, nint End)> _pairs = [];
    private int _closed;
    private bool _open;

    public void Start()
    {
        if (_open)
        {
            throw new InvalidOperationException("CudaEventTimer: Start while a bracket is open.");
        }

        CudaStatus.ThrowIfFailed(CudaDriver.cuCtxSetCurrent(context));
        if (_closed == _pairs.Count)
        {
            CudaStatus.ThrowIfFailed(CudaDriver.cuEventCreate(out var start, CudaDriver.EventDefault));
            CudaStatus.ThrowIfFailed(CudaDriver.cuEventCreate(out var end, CudaDriver.EventDefault));
            _pairs.Add((start, end));
        }

        CudaStatus.ThrowIfFailed(CudaDriver.cuEventRecord(_pairs[_closed].Start, stream));
        _open = true;
    }

    public void Stop()
    {
        if (!_open)
        {
            throw new InvalidOperationException("CudaEventTimer: Stop without Start.");
        }

        CudaStatus.ThrowIfFailed(CudaDriver.cuCtxSetCurrent(context));
        CudaStatus.ThrowIfFailed(CudaDriver.cuEventRecord(_pairs[_closed].End, stream));
        _closed++;
        _open = false;
    }

    public double TakeElapsedMs()
    {
        if (_closed == 0)
        {
            return 0;
        }

        CudaStatus.ThrowIfFailed(CudaDriver.cuCtxSetCurrent(context));
        CudaStatus.ThrowIfFailed(CudaDriver.cuEventSynchronize(_pairs[_closed - 1].End));
        var sum = 0.0;
        for (var i = 0; i < _closed; i++)
        {
            CudaStatus.ThrowIfFailed(CudaDriver.cuEventElapsedTime(out var ms, _pairs[i].Start, _pairs[i].End));
            sum += ms;
        }

        _closed = 0;
        return sum;
    }

    public void Dispose()
    {
        foreach (var (start, end) in _pairs)
        {
            CudaDriver.cuEventDestroy(start);
            CudaDriver.cuEventDestroy(end);
        }

        _pairs.Clear();
    }
}
