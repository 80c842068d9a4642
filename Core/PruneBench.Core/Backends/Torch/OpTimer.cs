using System.Diagnostics;

namespace PruneBench.Core.Backends.Torch;

/// <summary>
/// Device-synchronised wall time of one backend op, added to <see cref="TorchBackend.OpTimes"/> when
/// <see cref="TorchBackend.ProfileOps"/> is on (tools/peer/LayerProfile). Off: nothing happens, no sync.
/// </summary>
internal readonly struct OpTimer : IDisposable
{
    private readonly TorchBackend? _backend;
    private readonly string _name;
    private readonly long _start;

    internal OpTimer(TorchBackend backend, string name)
    {
        _name = name;
        if (!backend.ProfileOps)
        {
            _backend = null;
            _start = 0;
            return;
        }

        _backend = backend;
        backend.Synchronize();
        _start = Stopwatch.GetTimestamp();
    }

    public void Dispose()
    {
        if (_backend is null)
        {
            return;
        }

        _backend.Synchronize();
        _backend.AddOpTime(_name, Stopwatch.GetElapsedTime(_start).TotalMilliseconds);
    }
}
