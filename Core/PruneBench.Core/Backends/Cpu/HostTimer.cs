using System.Diagnostics;

namespace PruneBench.Core.Backends.Cpu;

/// <summary><see cref="IDeviceTimer"/> of a backend whose ops finish before they return (the CPU): host time is device time.</summary>
internal sealed class HostTimer : IDeviceTimer
{
    private readonly Stopwatch _clock = new();

    public void Start() => _clock.Start();

    public void Stop() => _clock.Stop();

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
