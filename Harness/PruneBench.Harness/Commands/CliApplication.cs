namespace PruneBench.Harness.Commands;

/// <summary>Entry point: builds the command tree, parses, runs.</summary>
public static class CliApplication
{
    /// <summary>Runs the CLI with <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) => 0;
}
