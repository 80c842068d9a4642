namespace PruneBench.Abstractions.Parameters;

/// <summary>A parameter was unknown, malformed or out of range. The message names method and key.</summary>
public sealed class ParameterException : Exception
{
    /// <summary>Creates the exception with a message naming method and key.</summary>
    public ParameterException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ParameterException()
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ParameterException(string message, Exception inner) : base(message, inner)
    {
    }
}
