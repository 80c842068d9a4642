using PruneBench.Abstractions.Parameters;

namespace PruneBench.Core.Tests.Abstractions;

/// <summary>The shared key=value binder every method's parameters go through.</summary>
public sealed class ParameterBinderTests
{
    private sealed record Sample
    {
        [Parameter("a ratio", Min = 0, MinExclusive = true, Max = 1)]
        public double Ratio { get; init; } = 0.5;

        [Parameter("layers, empty = derived")]
        public int[] Layers { get; init; } = [];

        [Parameter("a count", Min = 1)]
        public int StartLayer { get; init; } = 2;
    }

    private readonly ParameterBinder<Sample> _binder = new("sample");

    [Fact]
    public void The_canonical_string_parses_back_to_the_same_values_including_auto_lists()
    {
        var canonical = _binder.Canonical(new Sample());
        Assert.Equal("ratio=0.5;layers=auto;start_layer=2", canonical);
        var (values, keys) = _binder.Bind(ParameterText.ParsePairs(canonical, "sample"));
        Assert.Equal(canonical, _binder.Canonical(values));
        Assert.Equal(3, keys.Count);
    }

    [Theory]
    [InlineData("ratio=0", "outside (0, 1]")]
    [InlineData("ratio=1.5", "outside (0, 1]")]
    [InlineData("ratio=abc", "is not a valid double")]
    [InlineData("stride=3", "unknown parameter 'stride'")]
    [InlineData("start_layer=0", "outside [1, inf)")]
    public void Bad_values_name_the_method_and_the_key(string text, string problem)
    {
        var e = Assert.Throws<InvalidParameterException>(() => _binder.Bind(ParameterText.ParsePairs(text, "sample")));
        Assert.StartsWith("sample: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pair_without_equals_sign_is_malformed()
    {
        var e = Assert.Throws<InvalidParameterException>(() => ParameterText.ParsePairs("ratio", "sample"));
        Assert.Contains("malformed parameter 'ratio'", e.Message, StringComparison.Ordinal);
    }
}
