using PruneBench.Core.Plugins;
using PruneBench.Harness.Commands;
using PruneBench.Harness.Sweeps;
using PruneBench.Harness.Tests.Infrastructure;

using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Tests.Sweeps;

/// <summary>The one parameter path: every setting of a sweep parsed once by the method's own binder.</summary>
public sealed class MethodSettingsTests(SampleReducerBuild sample)
{
    private SweepSpec Spec(params MethodAxis[] methods) =>
        new(["m"], [new BenchmarkAxis("random", ["t"], [2], [4], 1)], methods, [0.5], [0]);

    [Fact]
    public void Each_combination_is_parsed_once_into_the_typed_setting_its_runs_configure()
    {
        var plugins = PluginLoader.Load([sample.OutputFolder]);
        var spec = Spec(new MethodAxis("stride", [new("stride", ["2", "4"]), new("Layer", [" 1"])]));

        var settings = MethodSettings.Parse(spec, plugins);

        var runs = SweepGrid.Expand(spec).Where(r => r.Method == "stride").ToList();
        Assert.Equal(2, runs.Count);
        foreach (var run in runs)
        {
            var setting = settings.For(run);
            Assert.Equal("stride", setting.Method);
            Assert.Equal(["layer", "stride"], setting.UserKeys.Order(StringComparer.Ordinal));
            Assert.Equal(run.MethodArguments, "layer=1;stride=" + setting.Values.GetType().GetProperty("Stride")!.GetValue(setting.Values));
        }
    }

    [Theory]
    [InlineData("stride", "0", "stride: parameter 'stride' = 0 is outside [1, inf). (see prunebench plugins inspect stride)")]
    [InlineData("stride", "two", "stride: parameter 'stride' = 'two' is not a valid int")]
    [InlineData("layers", "1", "stride: unknown parameter 'layers'. Known: layer, stride.")]
    public void A_bad_value_anywhere_in_the_grid_is_a_usage_error_naming_method_and_key(string key, string value, string message)
    {
        var plugins = PluginLoader.Load([sample.OutputFolder]);

        var e = Assert.Throws<UsageException>(() => MethodSettings.Parse(Spec(new MethodAxis("stride", [new(key, ["2", value])])), plugins));

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }
}
