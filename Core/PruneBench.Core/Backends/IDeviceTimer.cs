namespace PruneBench.Core.Backends;

/// <summary>
/// The device time of bracketed work (<see cref="Start"/> … <see cref="Stop"/>, any number of brackets), measured
/// without waiting inside the bracket: on a GPU, events recorded in stream order around the queued kernels. This is
/// how the short path's reducer overhead is timed — its signal, blend, top-k and compaction run between the layers'
/// kernels, and a synchronisation per decision would stop the host from running ahead.
/// </summary>
public interface IDeviceTimer : IDisposable
{
    /// <summary>Opens a bracket at the current point of the device's work queue.</summary>
    void Start();

    /// <summary>Closes the open bracket.</summary>
    void Stop();

    /// <summary>Milliseconds summed over the closed brackets (waits for the bracketed work to finish), then starts over.</summary>
    double TakeElapsedMs();
}
