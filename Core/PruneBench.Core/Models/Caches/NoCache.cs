namespace PruneBench.Core.Models.Caches;

/// <summary>MLP layers keep no state across tokens.</summary>
public sealed class NoCache : LayerCache
{
    /// <summary>The shared instance.</summary>
    public static NoCache Instance { get; } = new();

    /// <inheritdoc />
    public override long Bytes => 0;

    /// <inheritdoc />
    protected override void Release()
    {
    }
}
