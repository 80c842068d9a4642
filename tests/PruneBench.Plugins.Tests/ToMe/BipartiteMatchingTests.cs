using PruneBench.Plugins.Builtin.ToMe;
using Xunit;

namespace PruneBench.Plugins.Tests.ToMe;

public class BipartiteMatchingTests
{
    // Five tokens, 2-d features. A = {0, 2, 4} (even), B = {1, 3} (odd).
    //   f0 = (1, 0)   f1 = (2, 0)   f2 = (0, 1)   f3 = (0.6, 0.8)   f4 = (−1, 0)
    // Cosine to B:  A0: f1 → 1,  f3 → 0.6  ⇒ best 1 (1.0)
    //               A2: f1 → 0,  f3 → 0.8  ⇒ best 3 (0.8)
    //               A4: f1 → −1, f3 → −0.6 ⇒ best 3 (−0.6)
    // Edges by strength: 0→1 (1.0), 2→3 (0.8), 4→3 (−0.6).
    private static readonly float[] Features = [1, 0, 2, 0, 0, 1, 0.6f, 0.8f, -1, 0];

    [Theory]
    [InlineData(1, new[] { 0 }, new[] { 1 })]
    [InlineData(2, new[] { 0, 2 }, new[] { 1, 3 })]
    [InlineData(3, new[] { 0, 2, 4 }, new[] { 1, 3, 3 })]
    [InlineData(9, new[] { 0, 2, 4 }, new[] { 1, 3, 3 })]
    public void The_r_strongest_A_to_B_edges_merge_as_worked_out_by_hand(int r, int[] sources, int[] targets)
    {
        var (s, t) = BipartiteMatching.Match(Features, 2, 5, r);
        Assert.Equal(sources, s);
        Assert.Equal(targets, t);
    }

    [Fact]
    public void Zero_merges_and_a_lone_token_are_the_identity()
    {
        Assert.Empty(BipartiteMatching.Match(Features, 2, 5, 0).Sources);
        Assert.Empty(BipartiteMatching.Match([1, 0], 2, 1, 1).Sources);
    }
}
