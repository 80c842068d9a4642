namespace PruneBench.Plugins.Builtin.FastV;

/// <summary>Which score FastV ranks by on a hybrid.</summary>
public enum FastVSignal
{
    /// <summary>Query attention: layer k−1 is moved to the nearest attention layer at or after it.</summary>
    Attention,

    /// <summary>Whatever mixer layer k−1 has: query attention or Mamba2 implicit attention (MLP layers are skipped).</summary>
    Implicit,
}
