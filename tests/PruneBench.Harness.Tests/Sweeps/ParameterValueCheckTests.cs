using PruneBench.Abstractions.Parameters;
using PruneBench.Harness.Sweeps;
using Xunit;

namespace PruneBench.Harness.Tests.Sweeps;

public sealed class ParameterValueCheckTests
{
    [Theory]
    [InlineData("int", "2", "[0, inf)", null)]
    [InlineData("int", "x", "[0, inf)", "'x' is not an integer")]
    [InlineData("int", "-1", "[0, inf)", "-1 is outside [0, inf)")]
    [InlineData("double", "0", "(0, 1]", "0 is outside (0, 1]")]
    [InlineData("double", "1", "(0, 1]", null)]
    [InlineData("double", "NaN", "", "'NaN' is not a number")]
    [InlineData("int[]", "2,5,9", "[0, inf)", null)]
    [InlineData("int[]", "2,x", "", "'2,x' is not a comma-separated list of integers")]
    [InlineData("bool", "yes", "", "'yes' is not true or false")]
    [InlineData("suffix_text|last_token", "last_token", "", null)]
    [InlineData("suffix_text|last_token", "first", "", "'first' is not one of suffix_text, last_token")]
    public void Values_are_checked_against_the_published_type_and_range(string type, string value, string range, string? problem)
    {
        Assert.Equal(problem, ParameterValueCheck.Problem(new ParameterSpec("k", type, "1", "", range), value));
    }
}
