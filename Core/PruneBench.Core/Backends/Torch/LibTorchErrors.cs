using System.Runtime.InteropServices;

namespace PruneBench.Core.Backends.Torch;

/// <summary>
/// libtorch reports failures as <see cref="ExternalException"/> with a multi-line message (C++ backtrace
/// included). This turns them into what the harness acts on: a CUDA out-of-memory becomes
/// <see cref="DeviceOutOfMemoryException"/> (a <c>skipped</c> row), anything else — an op libtorch cannot compute
/// (an unsupported head size or dtype) — a <see cref="LibTorchException"/> whose message is libtorch's first line.
/// </summary>
public static class LibTorchErrors
{
    /// <summary>The typed, one-line exception for <paramref name="e"/>.</summary>
    public static Exception Translate(ExternalException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var first = e.Message.Split('\n', 2)[0].Trim();
        return e.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase)
            ? new DeviceOutOfMemoryException($"libtorch: {first}", e)
            : new LibTorchException($"libtorch could not compute an op: {first}", e);
    }
}
