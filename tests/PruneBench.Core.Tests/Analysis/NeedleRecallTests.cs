using PruneBench.Core.Analysis;
using PruneBench.Core.Engine;
using Xunit;

namespace PruneBench.Core.Tests.Analysis;

public class NeedleRecallTests
{
    [Fact]
    public void Recall_is_the_fraction_of_needles_still_present_at_each_layer()
    {
        var trace = new ReductionTrace([[0, 1, 2, 3, 4, 5], [1, 3, 5], [5]], [null, null, null], 6);
        var recall = NeedleRecall.PerLayer(trace, [3, 5]);
        Assert.Equal([1.0, 1.0, 0.5], recall);
    }

    [Fact]
    public void Empty_ground_truth_is_rejected()
    {
        var trace = new ReductionTrace([[0]], [null], 1);
        Assert.Throws<ArgumentException>(() => NeedleRecall.PerLayer(trace, []));
    }
}
