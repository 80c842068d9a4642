namespace PruneBench.Plugins.Builtin.None;

/// <summary>The baseline has no parameters.</summary>
public sealed record NoneParameters;
