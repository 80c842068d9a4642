namespace PruneBench.Benchmarks.Packs;

/// <summary>A sample pack is malformed or does not fit the model; the message names the pack and the sample.</summary>
public sealed class PackValidationException : Exception
{
    /// <summary>Creates the exception; the message names pack and sample.</summary>
    public PackValidationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PackValidationException()
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public PackValidationException(string message, Exception inner) : base(message, inner)
    {
    }
}
