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

    private enum Mode
    {
        Fast,
        VerySlow,
    }

    [Flags]
    private enum Options
    {
        None = 0,
        A = 1,
    }

    private sealed record Optional
    {
        [Parameter("an optional layer", Min = 0)]
        public int? Layer { get; init; }

        [Parameter("an optional mode")]
        public Mode? Mode { get; init; } = Tests.Abstractions.ParameterBinderTests.Mode.VerySlow;
    }

    private sealed record WithFlags
    {
        [Parameter("flags")]
        public Options Options { get; init; }
    }

    private sealed record WithFloat
    {
        [Parameter("a float")]
        public float Scale { get; init; }
    }

    [Fact]
    public void Nullable_numbers_and_enums_bind_auto_to_null_and_round_trip()
    {
        var binder = new ParameterBinder<Optional>("optional");
        Assert.Equal(["int?", "fast|very_slow?"], binder.Specs.Select(s => s.Type));
        Assert.Equal("layer=auto;mode=very_slow", binder.Canonical(new Optional()));

        var (values, _) = binder.Bind(ParameterText.ParsePairs("layer=3;mode=auto", "optional"));
        Assert.Equal((3, null), (values.Layer, values.Mode));
        Assert.Equal("layer=3;mode=auto", binder.Canonical(values));
        Assert.Equal(values, binder.Bind(ParameterText.ParsePairs(binder.Canonical(values), "optional")).Values);
        Assert.Contains("outside [0, inf)", Assert.Throws<InvalidParameterException>(() => binder.Bind(ParameterText.ParsePairs("layer=-1", "optional"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flags_enums_and_unsupported_types_are_rejected_when_the_binder_is_made()
    {
        var flags = Assert.Throws<InvalidOperationException>(() => new ParameterBinder<WithFlags>("flagged"));
        Assert.Contains("flagged: parameter 'options' (WithFlags.Options) has type Options", flags.Message, StringComparison.Ordinal);
        var single = Assert.Throws<InvalidOperationException>(() => new ParameterBinder<WithFloat>("floaty"));
        Assert.Contains("has type Single", single.Message, StringComparison.Ordinal);
    }
}
