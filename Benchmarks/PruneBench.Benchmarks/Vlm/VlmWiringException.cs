namespace PruneBench.Benchmarks.Vlm;

/// <summary>A model folder's vlm.json or projector is missing, malformed or inconsistent; the message names the file and field.</summary>
public sealed class VlmWiringException : Exception
{
    /// <summary>Creates the exception; the message names file and field.</summary>
    public VlmWiringException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public VlmWiringException()
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public VlmWiringException(string message, Exception inner) : base(message, inner)
    {
    }
}
