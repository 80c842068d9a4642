using System.Reflection;
using PruneBench.Abstractions;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Model;
using PruneBench.Core.Plugins;
using PruneBench.Harness.Tests.Infrastructure;
using Xunit;

namespace PruneBench.Harness.Tests.Plugins;

public sealed class PluginLoaderTests(SampleReducerBuild sample, VersionedPluginBuild versioned)
{
    [Fact]
    public void The_sample_plugin_is_discovered_with_its_name_and_parameter_schema()
    {
        var catalog = PluginLoader.Load([sample.OutputFolder]);

        var stride = catalog.Get("stride");
        Assert.Equal("SampleReducer.StrideMethod", stride.TypeName);
        Assert.Equal(["layer", "stride"], stride.Parameters.Select(p => p.Key));
        Assert.Equal("2", stride.Parameters[0].Default);
        Assert.Equal("[1, inf)", stride.Parameters[1].Range);
    }

    [Fact]
    public void The_plugin_shares_the_hosts_contract_assembly_but_lives_in_its_own_load_context()
    {
        var method = PluginLoader.Load([sample.OutputFolder]).Create("stride");

        Assert.IsAssignableFrom<IReductionMethod>(method);
        var context = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(method.GetType().Assembly);
        Assert.NotSame(System.Runtime.Loader.AssemblyLoadContext.Default, context);
        // The interface the plugin implements is the host's own type, not a second copy of the contract.
        Assert.Same(typeof(IReductionMethod), method.GetType().GetInterfaces().Single(i => i.FullName == typeof(IReductionMethod).FullName));
    }

    [Fact]
    public void A_loaded_plugin_method_configures_and_creates_reducers()
    {
        var method = PluginLoader.Load([sample.OutputFolder]).Create("stride");
        var shape = new ModelShape("m", ModelFamily.Transformer, Enumerable.Repeat(LayerKind.Attention, 8).ToArray(), 64, 4, 4, 16);

        var configured = method.Configure(new Dictionary<string, string> { ["layer"] = "0" }, 0.25, shape);

        Assert.Equal("layer=0;stride=4", configured.CanonicalParameters);
    }

    [Fact]
    public void A_plugin_built_against_the_hosts_contract_loads_in_its_own_context_sharing_the_contract()
    {
        var method = PluginLoader.Load([versioned.SameMajor]).Create("samemajor");

        Assert.NotSame(System.Runtime.Loader.AssemblyLoadContext.Default, System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(method.GetType().Assembly));
        Assert.Same(typeof(IReductionMethod).Assembly, method.GetType().BaseType!.Assembly);
        Assert.Equal("layer=0", method.Configure(new Dictionary<string, string>(), null, Shape).CanonicalParameters);
    }

    [Fact]
    public void A_plugin_built_against_a_newer_contract_minor_is_rejected_before_it_is_loaded()
    {
        var e = Assert.Throws<PluginLoadException>(() => PluginLoader.Load([versioned.NewerMinor]));

        Assert.Contains("NewerMinor.dll", e.Message, StringComparison.Ordinal);
        Assert.Contains($"(contract {ContractInfo.Major}.{ContractInfo.Minor + 1}), newer than the contract {ContractInfo.Major}.{ContractInfo.Minor}", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "NewerMinor");
    }

    [Fact]
    public void A_plugin_built_against_another_contract_major_is_rejected_before_it_is_loaded()
    {
        var e = Assert.Throws<PluginLoadException>(() => PluginLoader.Load([versioned.OtherMajor]));

        Assert.Contains("OtherMajor.dll", e.Message, StringComparison.Ordinal);
        Assert.Contains($"contract major {ContractInfo.Major + 1}", e.Message, StringComparison.Ordinal);
        Assert.Contains($"provides contract major {ContractInfo.Major}", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "OtherMajor");
    }

    [Theory]
    [InlineData("3.0.0.0", false)]
    [InlineData("1.0.0.0", false)]
    [InlineData("2.1.0.0", false)]
    [InlineData("2.0.0.0", true)]
    [InlineData("2.0.7.0", true)]
    public void The_contract_check_accepts_the_same_major_up_to_the_hosts_minor(string version, bool accepted)
    {
        var reference = new AssemblyName($"PruneBench.Abstractions, Version={version}");

        var e = Record.Exception(() => PluginLoader.CheckContractVersion("x.dll", reference));

        Assert.Equal(accepted, e is null);
        if (!accepted)
        {
            Assert.Contains($"PruneBench.Abstractions {version}", Assert.IsType<PluginLoadException>(e).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_assembly_that_references_the_contract_but_has_no_reducer_is_an_error()
    {
        using var temp = new TempFolder();
        PluginAssemblies.EmitWithoutReducer(temp.File("NoReducerPlugin.dll"));

        var e = Assert.Throws<PluginLoadException>(() => PluginLoader.Load([temp.Path]));

        Assert.Contains("NoReducerPlugin.dll", e.Message, StringComparison.Ordinal);
        Assert.Contains("contains no reducer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_an_error_naming_it()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("Broken.dll"), "this is not a PE file");

        var e = Assert.Throws<PluginLoadException>(() => PluginLoader.Load([temp.Path]));

        Assert.Contains("Broken.dll", e.Message, StringComparison.Ordinal);
        Assert.Contains("not a readable .NET assembly", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_plugins_defining_the_same_method_name_are_both_named()
    {
        using var temp = new TempFolder();
        PluginAssemblies.CopyFolder(sample.OutputFolder, Path.Combine(temp.Path, "a"));
        PluginAssemblies.CopyFolder(sample.OutputFolder, Path.Combine(temp.Path, "b"));

        var e = Assert.Throws<PluginLoadException>(() => PluginLoader.Load([temp.Path]));

        Assert.Contains("'stride' is defined more than once", e.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(temp.Path, "a", "SampleReducer.dll"), e.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(temp.Path, "b", "SampleReducer.dll"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_plugin_folder_is_an_error()
    {
        var e = Assert.Throws<PluginLoadException>(() => PluginLoader.Load(["/nonexistent/plugins"]));

        Assert.Contains("'/nonexistent/plugins' does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assemblies_that_do_not_reference_the_contract_are_left_to_the_plugins_as_dependencies()
    {
        using var temp = new TempFolder();
        PluginAssemblies.CopyFolder(sample.OutputFolder, temp.Path);
        File.Copy(typeof(YamlDotNet.Serialization.Deserializer).Assembly.Location, temp.File("YamlDotNet.dll"));

        var catalog = PluginLoader.Load([temp.Path]);

        Assert.Equal([temp.File("SampleReducer.dll")], catalog.Assemblies);
    }

    [Fact]
    public void An_unknown_method_lists_the_known_ones()
    {
        var e = Assert.Throws<PluginLoadException>(() => PluginLoader.Load([sample.OutputFolder]).Get("strid"));

        Assert.Equal("Unknown method 'strid'. Known methods: stride.", e.Message);
    }

    private static ModelShape Shape { get; } = new("m", ModelFamily.Transformer, Enumerable.Repeat(LayerKind.Attention, 8).ToArray(), 64, 4, 4, 16);
}
