using PruneBench.Harness.Plugins;
using PruneBench.Harness.Tests.Infrastructure;
using Xunit;

namespace PruneBench.Harness.Tests.Plugins;

public sealed class PluginBuildTests(SampleReducerBuild sample)
{
    [Fact]
    public void The_build_names_the_assembly_its_version_and_a_content_hash()
    {
        Assert.Matches(@"^SampleReducer 1\.0\.0(\+[0-9a-f]{40})? sha256:[0-9a-f]{16}$", PluginBuild.Of(sample.Assembly));
    }

    [Fact]
    public void A_plugin_built_again_at_another_commit_has_another_build_and_a_copy_the_same()
    {
        using var temp = new TempFolder();
        PluginAssemblies.CopyFolder(sample.OutputFolder, temp.Path);
        var copy = temp.File("SampleReducer.dll");
        var before = PluginBuild.Of(copy);

        PluginAssemblies.Restamp(copy);

        Assert.Equal(PluginBuild.Of(sample.Assembly), before);
        Assert.NotEqual(before, PluginBuild.Of(copy));
    }
}
