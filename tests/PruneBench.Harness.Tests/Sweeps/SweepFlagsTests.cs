using PruneBench.Harness.Sweeps;
using PruneBench.Harness.Usage;
using Xunit;

namespace PruneBench.Harness.Tests.Sweeps;

public sealed class SweepFlagsTests
{
    private static SweepFlags Flags(params string[] parameters) =>
        new(["m"], ["random"], [], [], [], null, ["fastv", "random"], parameters, [0.5], []);

    [Fact]
    public void Repeating_a_parameter_key_gives_alternatives()
    {
        var spec = Flags("fastv:k=2", "fastv:k=4", "random:ratio=0.25").ToSpec();

        Assert.Equal(["2", "4"], spec.Methods[0].Parameters.Single(p => p.Key == "k").Value);
        Assert.Equal(["0.25"], spec.Methods[1].Parameters.Single().Value);
        Assert.Equal([0], spec.Seeds);
    }

    [Theory]
    [InlineData("k=2", "is not method:key=value")]
    [InlineData("tome:k=2", "names method 'tome', which is not in --methods")]
    [InlineData("fastv:k=", "is not method:key=value")]
    public void Malformed_parameters_are_usage_errors(string parameter, string expected)
    {
        var e = Assert.Throws<UsageException>(() => Flags(parameter).ToSpec());

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
