namespace PruneBench.Harness.Sweeps;

/// <summary>A sweep file is malformed: unknown key, wrong type, bad value. The message names file, line and key.</summary>
public sealed class SweepFileException : Exception
{
    /// <summary>Creates the exception with a message naming file, line and key.</summary>
    public SweepFileException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SweepFileException()
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public SweepFileException(string message, Exception inner) : base(message, inner)
    {
    }
}
