namespace PruneBench.Abstractions;

/// <summary>
/// Version of the plugin contract (docs/plugins.md, "Contract versions"). The host loads a plugin built
/// against the same major and a minor no newer than its own; anything else is rejected, naming both versions,
/// before the plugin is loaded.
/// </summary>
public static class ContractInfo
{
    /// <summary>Simple name of the contract assembly, the only assembly a plugin shares with the host.</summary>
    public const string AssemblyName = "PruneBench.Abstractions";

    /// <summary>Major version of this contract; equals the assembly version's major. Bumped on a breaking change.</summary>
    public const int Major = 2;

    /// <summary>Minor version; equals the assembly version's minor. Bumped when members are added.</summary>
    public const int Minor = 0;
}
