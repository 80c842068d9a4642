namespace PruneBench.Core.Checkpoints;

/// <summary>
/// A checkpoint (safetensors file, index or config.json) is malformed or does not match the model.
/// The message always names the file and, where there is one, the tensor or config field.
/// </summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception; the message names file and tensor/field.</summary>
    public CheckpointException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CheckpointException()
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public CheckpointException(string message, Exception inner) : base(message, inner)
    {
    }
}
