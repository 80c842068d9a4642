namespace PruneBench.Plugins.Builtin.Pool;

/// <summary>Which neighbours are averaged.</summary>
public enum PoolAxis
{
    /// <summary>Adjacent tokens of the same frame (raster order).</summary>
    Spatial,

    /// <summary>The same patch position in adjacent frames.</summary>
    Temporal,
}
