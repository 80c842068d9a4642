namespace PruneBench.Harness.Usage;

/// <summary>Process exit codes of every command.</summary>
public static class ExitCodes
{
    /// <summary>Everything ran.</summary>
    public const int Ok = 0;

    /// <summary>The command ran but at least one run failed (or a reference check did not hold).</summary>
    public const int RunFailures = 1;

    /// <summary>Bad command line or bad input (missing model folder, unknown benchmark, sweep-file typo, …); nothing was run.</summary>
    public const int UsageError = 2;
}
