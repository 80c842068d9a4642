using System.Diagnostics;

namespace PruneBench.Core.Backends;

/// <summary>
/// <see cref="IDeviceTimer"/> for an asynchronous backend that has no event timer: synchronises at both ends of each
/// bracket and times it on the host (correct, but it stops the host from running ahead at every bracket).
/// </summary>
internal sealed class SynchronisingTimer(IBackend backend) : IDeviceTimer
{
    private readonly Stopwatch _clock = new();

    public void Start()
    {
        backend.Synchronize();
        _clock.Start();
    }

    public void Stop()
    {
        backend.Synchronize();
        _clock.Stop();
    }

    public double TakeElapsedMs()
    {
        var ms = _clock.Elapsed.TotalMilliseconds;
        _clock.Reset();
        return ms;
    }

    public void Dispose()
    {
    }
}
