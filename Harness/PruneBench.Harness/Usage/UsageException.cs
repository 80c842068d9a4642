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

    /// <summary>
    /// The message of a .NET argument exception as a user reads it: without " (Parameter 'Frames')" and the
    /// "Actual value was 0." line that .NET appends, the value given as "(got 0)" instead.
    /// </summary>
    public static string Describe(Exception e)
    {
        var text = e.Message.Split('\n')[0].TrimEnd();
        if (e is ArgumentException { ParamName: { } name } && text.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal))
        {
            text = text[..^$" (Parameter '{name}')".Length];
        }

        if (e is ArgumentOutOfRangeException { ActualValue: { } actual })
        {
            text = $"{text.TrimEnd('.')} (got {Convert.ToString(actual, System.Globalization.CultureInfo.InvariantCulture)}).";
        }

        return text;
    }
}
