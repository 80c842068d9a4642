namespace PruneBench.Core.Engine;

/// <summary>A reducer returned an invalid decision. The message names the reducer and the layer.</summary>
public sealed class ReductionException : Exception
{
    /// <summary>Creates the exception with a message naming reducer and layer.</summary>
    public ReductionException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ReductionException()
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ReductionException(string message, Exception inner) : base(message, inner)
    {
    }
}
