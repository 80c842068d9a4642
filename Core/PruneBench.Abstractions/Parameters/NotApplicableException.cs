namespace PruneBench.Abstractions.Parameters;

/// <summary>
/// A valid setting this model or budget cannot realise: a layer past its depth, no scoring layer where one
/// is needed, a budget outside the reachable range (the message gives that range). The run becomes a
/// <c>skipped</c> row and a sweep goes on.
/// </summary>
public sealed class NotApplicableException : ParameterException
{
    /// <summary>Creates the exception with a message naming method, model and the knob to change.</summary>
    public NotApplicableException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NotApplicableException() : base("Not applicable to this model.")
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public NotApplicableException(string message, Exception inner) : base(message, inner)
    {
    }
}
