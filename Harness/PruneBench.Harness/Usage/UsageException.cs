namespace PruneBench.Harness.Usage;

/// <summary>Bad input found before anything ran (exit code 2). The message names the option, file or name at fault.</summary>
public sealed class UsageException : Exception
{
    /// <summary>Creates the exception with a message naming what is wrong.</summary>
    public UsageException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public UsageException()
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public UsageException(string message, Exception inner) : base(message, inner)
    {
    }
}
