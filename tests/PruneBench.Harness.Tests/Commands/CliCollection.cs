using Xunit;

namespace PruneBench.Harness.Tests.Commands;

/// <summary>Tests that start prunebench processes run one after another (2-core machines).</summary>
[CollectionDefinition(nameof(CliCollection), DisableParallelization = true)]
public sealed class CliCollection;
