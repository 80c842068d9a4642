namespace PruneBench.Benchmarks.Annotations;

/// <summary>An annotation file or record is unusable; the message names the file, the record and the field.</summary>
public sealed class AnnotationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AnnotationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AnnotationException()
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public AnnotationException(string message, Exception inner) : base(message, inner)
    {
    }
}
