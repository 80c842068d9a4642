namespace PruneBench.Abstractions.Parameters;

/// <summary>
/// A parameter is unknown, malformed, out of its declared range, or combined with another in a way no model
/// accepts (e.g. an explicit schedule with a budget). A usage error: the harness exits 2 before running.
/// The message names method and key.
/// </summary>
public sealed class InvalidParameterException : ParameterException
{
    /// <summary>Creates the exception with a message naming method and key.</summary>
    public InvalidParameterException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public InvalidParameterException() : base("Invalid parameter.")
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public InvalidParameterException(string message, Exception inner) : base(message, inner)
    {
    }
}
