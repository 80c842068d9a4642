namespace PruneBench.Core.Backends.Torch;

/// <summary>An op libtorch refused (unsupported shape, head size or dtype); the message is one line.</summary>
public sealed class LibTorchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LibTorchException()
    {
    }

    /// <summary>Creates the exception with a one-line message.</summary>
    public LibTorchException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause (libtorch's full message stays on the inner exception).</summary>
    public LibTorchException(string message, Exception inner) : base(message, inner)
    {
    }
}
