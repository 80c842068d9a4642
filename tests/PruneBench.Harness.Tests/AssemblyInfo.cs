using Xunit;
using PruneBench.Harness.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(SampleReducerBuild))]
[assembly: AssemblyFixture(typeof(VersionedPluginBuild))]
[assembly: AssemblyFixture(typeof(KeyNormPrunerBuild))]
