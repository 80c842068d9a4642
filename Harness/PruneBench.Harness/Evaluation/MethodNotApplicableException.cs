namespace PruneBench.Harness.Evaluation;

/// <summary>
/// A method setting that this model cannot realise (its Configure rejected the budget or layers for this
/// depth). The run is recorded as <c>skipped</c> with the method's message.
/// </summary>
public sealed class MethodNotApplicableException : Exception
{
    /// <summary>Creates the exception with the method's message.</summary>
    public MethodNotApplicableException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public MethodNotApplicableException()
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public MethodNotApplicableException(string message, Exception inner) : base(message, inner)
    {
    }
}
