namespace PruneBench.Abstractions;

/// <summary>Version of the plugin contract. A plugin built against another major version is rejected.</summary>
public static class ContractInfo
{
    /// <summary>Major version of this contract; equals the assembly version's major.</summary>
    public const int Major = 1;
}
