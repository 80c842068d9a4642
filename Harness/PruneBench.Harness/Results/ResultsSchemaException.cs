namespace PruneBench.Harness.Results;

/// <summary>A results CSV does not match this tool's schema (older version, edited header, corrupt row).</summary>
public sealed class ResultsSchemaException : Exception
{
    /// <summary>Creates the exception with a message naming the file.</summary>
    public ResultsSchemaException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ResultsSchemaException()
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ResultsSchemaException(string message, Exception inner) : base(message, inner)
    {
    }
}
