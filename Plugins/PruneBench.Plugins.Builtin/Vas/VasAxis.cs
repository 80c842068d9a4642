namespace PruneBench.Plugins.Builtin.Vas;

/// <summary>VAS drops whole frames (temporal groups) or whole patch positions (spatial groups).</summary>
internal enum VasAxis
{
    Temporal,
    Spatial,
}
