using PruneBench.Core.Analysis;
using Xunit;

namespace PruneBench.Core.Tests.Analysis;

public class TopKOverlapTests
{
    [Fact]
    public void Overlap_counts_shared_members_of_the_two_top_sets()
    {
        double[] x = [9, 8, 7, 1, 0];
        double[] y = [9, 0, 7, 8, 1];
        Assert.Equal(2.0 / 3, TopKOverlap.Of(x, y, 3), 12);
        Assert.Equal(1.0, TopKOverlap.Of(x, y, 1));
        Assert.Equal(1.0, TopKOverlap.Of(x, y, 5));
    }

    [Fact]
    public void Invalid_k_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => TopKOverlap.Of([1, 2], [1, 2], 0));
        Assert.Throws<ArgumentException>(() => TopKOverlap.Of([1, 2], [1, 2], 3));
    }
}
