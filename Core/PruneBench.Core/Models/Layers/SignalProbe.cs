using System.Diagnostics;
using PruneBench.Abstractions.Signals;
using PruneBench.Core.Backends;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Models.Layers;

/// <summary>
/// The engine's request to one layer's mixer during prefill, and the signals it hands back. Only what
/// <see cref="Request"/> names is computed. All per-visual arrays are aligned with the current visual
/// run, rows [VisualStart, VisualStart + VisualCount). With a device timer (the score pruner's path) the score stays
/// a device tensor in <see cref="DeviceScore"/>, nothing synchronises and the timer brackets the signal's kernels.
/// </summary>
public sealed class SignalProbe(SignalRequest request, int visualStart, int visualCount, int[] queryRows, IDeviceTimer? deviceTimer = null)
{
    /// <summary>True when the score is wanted as a device tensor (<see cref="DeviceScore"/>), without synchronising.</summary>
    public bool OnDevice => deviceTimer is not null;

    /// <summary>
    /// [VisualCount] on-device score (query attention, implicit attention, or for a keys request 1/‖head-mean key‖);
    /// the engine takes and disposes it.
    /// </summary>
    public Tensor? DeviceScore { get; set; }

    /// <summary>What was asked.</summary>
    public SignalRequest Request { get; } = request;

    /// <summary>First visual row of the current sequence.</summary>
    public int VisualStart { get; } = visualStart;

    /// <summary>Visual rows currently alive.</summary>
    public int VisualCount { get; } = visualCount;

    /// <summary>Rows of the query tokens Q in the current sequence.</summary>
    public int[] QueryRows { get; } = queryRows;

    /// <summary>[VisualCount] query or implicit attention, aggregated over heads and queries.</summary>
    public float[]? Scores { get; set; }

    /// <summary>[VisualCount × d] head-mean pre-RoPE keys.</summary>
    public float[]? Keys { get; set; }

    /// <summary>Width of a key row.</summary>
    public int KeyWidth { get; set; }

    /// <summary>[heads × |Q| × VisualCount] attention probabilities.</summary>
    public float[]? RawAttention { get; set; }

    /// <summary>Host path: device-synchronised time spent computing signals (part of the reducer overhead); the device path's goes to its timer.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    private readonly Stopwatch _clock = new();

    /// <summary>
    /// Times one signal computation: on the host path the device is synchronised on entry (so queued layer work is
    /// not counted) and on exit (so the signal's own kernels are); on the device path the device timer brackets the
    /// signal's kernels in the work queue and nothing synchronises. Dispose to stop.
    /// </summary>
    public IDisposable Measure(IBackend backend)
    {
        if (deviceTimer is not null)
        {
            deviceTimer.Start();
            return new StopTimer(deviceTimer);
        }

        backend.Synchronize();
        _clock.Start();
        return new Stop(this, backend);
    }

    private sealed class Stop(SignalProbe probe, IBackend backend) : IDisposable
    {
        public void Dispose()
        {
            backend.Synchronize();
            probe._clock.Stop();
        }
    }

    private sealed class StopTimer(IDeviceTimer timer) : IDisposable
    {
        public void Dispose() => timer.Stop();
    }

    /// <summary>True when <paramref name="kind"/> was requested.</summary>
    public bool Wants(SignalKinds kind) => (Request.Kinds & kind) != 0;
}
