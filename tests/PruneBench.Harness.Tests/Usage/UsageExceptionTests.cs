using PruneBench.Harness.Usage;
using Xunit;

namespace PruneBench.Harness.Tests.Usage;

public sealed class UsageExceptionTests
{
    [Fact]
    public void Dotnet_argument_texts_become_one_plain_sentence_with_the_value_given()
    {
        var outOfRange = new ArgumentOutOfRangeException("Frames", 0, "Synthetic frames must be in 8…512.");
        var argument = new ArgumentException("Unknown model preset 'x'.", "name");

        Assert.Equal("Synthetic frames must be in 8…512 (got 0).", UsageException.Describe(outOfRange));
        Assert.Equal("Unknown model preset 'x'.", UsageException.Describe(argument));
        Assert.Contains("(Parameter 'Frames')", outOfRange.Message, StringComparison.Ordinal);
    }
}
