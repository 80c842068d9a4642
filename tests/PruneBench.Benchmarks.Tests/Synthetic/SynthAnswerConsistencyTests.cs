using PruneBench.Benchmarks.Synthetic;
using Xunit;

namespace PruneBench.Benchmarks.Tests.Synthetic;

/// <summary>
/// Decodes the ground-truth relevant tokens back from the features (object by nearest prototype, colour
/// by arg-max, frame and cell from the index) and checks the answer follows from them alone, and that no
/// other visual token shows a task object. For a two-hop task the second-hop token is found from the decoded
/// features too (the question does not name its object), and must be in the relevant set.
/// </summary>
public sealed class SynthAnswerConsistencyTests
{
    public static TheoryData<int, int, int> Sizes => new() { { 8, 16, 0 }, { 64, 16, 1 }, { 12, 64, 2 }, { 9, 20, 3 } };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Each_answer_follows_from_its_relevant_tokens(int frames, int tokensPerFrame, int seed)
    {
        foreach (var task in SynthTaskNames.All)
        {
            for (var i = 0; i < 25; i++)
            {
                var s = SynthGenerator.Generate(new SynthSampleKey(task, SynthSplit.Test, frames, tokensPerFrame, (ulong)seed, i));
                Check(s);
            }
        }
    }

    private static void Check(SynthSample s)
    {
        var n = s.Key.TokensPerFrame;
        var m = s.Key.Frames;
        var (rows, cols) = (s.Layout.GridRows, s.Layout.GridCols);
        var words = SynthVocabulary.Vocabulary.Tokens;
        var suffix = s.TokenIds.Skip(s.Layout.PrefixLength + s.Layout.VisualCount).Select(id => words[id]).ToArray();
        var askedObjects = suffix.TakeWhile(w => w != "?").Where(SynthVocabulary.Objects.Contains).Select(o => IndexOf(SynthVocabulary.Objects, o)).ToArray();
        var relevant = s.RelevantVisualIndices;
        Assert.Equal(relevant.Order().ToArray(), relevant);
        Assert.Equal(relevant.Select(v => ObjectOf(s, v)).ToArray(), s.RelevantObjectIds);

        // No visual token outside the relevant set shows an object the question is about (for a two-hop task:
        // or the object its second hop lands on).
        var taskObjects = s.Key.Task == SynthTask.NeighborColor ? [.. askedObjects, ObjectOf(s, SecondHop(s, askedObjects[0]))] : askedObjects;
        var relevantSet = relevant.ToHashSet();
        for (var v = 0; v < m * n; v++)
        {
            var obj = ObjectOf(s, v);
            Assert.Equal(relevantSet.Contains(v), taskObjects.Contains(obj));
        }

        var frameOf = relevant.Select(v => v / n).ToArray();
        switch (s.Key.Task)
        {
            case SynthTask.NeedleColor:
                Assert.Single(frameOf.Distinct());
                Assert.InRange(relevant.Length, 1, 3);
                Assert.All(relevant, v => Assert.Equal(s.AnswerIndex, ColorOf(s, v)));
                break;
            case SynthTask.Temporal:
                Assert.Single(frameOf.Distinct());
                var t = (frameOf[0] + 0.5) / m;
                Assert.Equal(s.AnswerIndex, (int)Math.Floor(4 * t));
                Assert.NotEqual(0.0, (4 * t) - Math.Floor(4 * t)); // never exactly on a boundary
                break;
            case SynthTask.Count:
                Assert.Equal(relevant.Length, frameOf.Distinct().Count());
                Assert.Equal(s.AnswerIndex + 1, frameOf.Distinct().Count());
                break;
            case SynthTask.Order:
                Assert.Equal(2, askedObjects.Length);
                var first = relevant.Where(v => ObjectOf(s, v) == askedObjects[0]).Select(v => v / n).Distinct().Single();
                var second = relevant.Where(v => ObjectOf(s, v) == askedObjects[1]).Select(v => v / n).Distinct().Single();
                Assert.True(Math.Abs(first - second) >= Math.Max(1, m / 8));
                Assert.Equal(first < second ? 0 : 1, s.AnswerIndex);
                Assert.Equal("A", words[s.TokenIds[^9]]);
                break;
            case SynthTask.Spatial:
                foreach (var v in relevant)
                {
                    var (r, c) = ((v % n) / cols, (v % n) % cols);
                    var top = r < rows / 2;
                    var bottom = r >= (rows + 1) / 2;
                    var left = c < cols / 2;
                    var right = c >= (cols + 1) / 2;
                    Assert.True(top || bottom);
                    Assert.True(left || right);
                    Assert.Equal(s.AnswerIndex, (top ? 0 : 2) + (left ? 0 : 1));
                }

                break;
            case SynthTask.NeighborColor:
                Assert.Single(askedObjects);
                var named = relevant.Where(v => ObjectOf(s, v) == askedObjects[0]).ToArray();
                Assert.Single(named);
                var neighbour = SecondHop(s, askedObjects[0]);
                Assert.Equal(new[] { named[0], neighbour }, relevant);
                Assert.NotEqual(askedObjects[0], ObjectOf(s, neighbour));
                Assert.Equal(s.AnswerIndex, ColorOf(s, neighbour));
                Assert.InRange(ColorOf(s, named[0]), 0, 3);                 // the named object's colour is an option…
                Assert.NotEqual(s.AnswerIndex, ColorOf(s, named[0]));       // …but never the answer: one hop is not enough
                break;
            default:
                Assert.Fail($"no consistency check for task {s.Key.Task}");
                break;
        }
    }

    // The visual index right of the single token showing `named`, in the same frame and row (found by decoding).
    private static int SecondHop(SynthSample s, int named)
    {
        var n = s.Key.TokensPerFrame;
        var at = Enumerable.Range(0, s.Key.Frames * n).Single(v => ObjectOf(s, v) == named);
        Assert.NotEqual(s.Layout.GridCols - 1, (at % n) % s.Layout.GridCols); // never on the last column
        return at + 1;
    }

    private static int ObjectOf(SynthSample s, int v)
    {
        var f = s.Features.AsSpan(v * SynthFeatureSpace.Dim, 32);
        var best = -1;
        var bestDistance = double.MaxValue;
        for (var o = 0; o < SynthFeatureSpace.ObjectCount; o++)
        {
            var p = SynthFeatureSpace.ObjectPrototype(o);
            double d = 0;
            for (var i = 0; i < 32; i++)
            {
                d += (f[i] - p[i]) * (f[i] - p[i]);
            }

            if (d < bestDistance)
            {
                (best, bestDistance) = (o, d);
            }
        }

        return best;
    }

    private static int ColorOf(SynthSample s, int v)
    {
        var block = s.Features.AsSpan((v * SynthFeatureSpace.Dim) + SynthFeatureSpace.ColorBlockStart, SynthFeatureSpace.ColorCount);
        var best = 0;
        for (var c = 1; c < block.Length; c++)
        {
            if (block[c] > block[best])
            {
                best = c;
            }
        }

        return best;
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
