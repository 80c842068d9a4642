namespace PruneBench.Abstractions.Parameters;

/// <summary>
/// A method setting that cannot run. Never thrown itself: <see cref="InvalidParameterException"/> is a usage
/// error (a value no model accepts: the command exits 2), <see cref="NotApplicableException"/> a setting
/// this one model (depth, layer kinds) or budget cannot realise (that run becomes a <c>skipped</c> row).
/// </summary>
public abstract class ParameterException : Exception
{
    /// <summary>Creates the exception with a message naming method and key.</summary>
    protected ParameterException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    protected ParameterException(string message, Exception inner) : base(message, inner)
    {
    }
}
