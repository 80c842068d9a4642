namespace PruneBench.Core.Backends.Torch;

/// <summary>
/// One backend op's bracket in <see cref="TorchBackend.ProfileOps"/> mode (tools/peer/LayerProfile): a device timer
/// per op name (CUDA events in stream order, no wait), so the profile reads each op's time in the work queue while the
/// host runs ahead as in a published prefill. Where the GPU is ahead of the host (few tokens: a layer's kernels are
/// shorter than the host needs to queue them), a bracket reads the host's queueing time instead. An op nested in an
/// op of the same name adds nothing. Off: nothing happens.
/// </summary>
internal readonly struct OpTimer : IDisposable
{
    private readonly TorchBackend.OpEntry? _entry;

    internal OpTimer(TorchBackend backend, string name)
    {
        _entry = backend.ProfileOps ? backend.OpenOpBracket(name) : null;
    }

    public void Dispose()
    {
        if (_entry is not null)
        {
            _entry.Timer.Stop();
            _entry.Open = false;
        }
    }
}
