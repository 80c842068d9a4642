namespace PruneBench.Harness.Evaluation;

/// <summary>
/// A plugin's own code threw while a run configured it or created a reducer (engine-side failures are
/// <see cref="Core.Engine.ReductionException"/>). The message names the plugin and where; the run becomes a
/// <c>failed</c> row and the sweep goes on.
/// </summary>
public sealed class PluginFailureException : Exception
{
    /// <summary>Creates the exception with a message naming the plugin.</summary>
    public PluginFailureException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PluginFailureException()
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public PluginFailureException(string message, Exception inner) : base(message, inner)
    {
    }
}
