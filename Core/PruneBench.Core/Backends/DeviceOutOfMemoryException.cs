namespace PruneBench.Core.Backends;

/// <summary>
/// An allocation did not fit on the device. Typed so that the harness can mark the configuration
/// <c>skipped</c> and go on instead of failing the sweep.
/// </summary>
public sealed class DeviceOutOfMemoryException : Exception
{
    /// <summary>Creates the exception; the message says how much was requested and what was free.</summary>
    public DeviceOutOfMemoryException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DeviceOutOfMemoryException()
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public DeviceOutOfMemoryException(string message, Exception inner) : base(message, inner)
    {
    }
}
