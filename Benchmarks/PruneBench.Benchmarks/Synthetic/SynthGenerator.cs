using PruneBench.Abstractions.Tokens;

namespace PruneBench.Benchmarks.Synthetic;

/// <summary>
/// Generates synthetic long-video QA samples: a pure function of <see cref="SynthSampleKey"/>. The
/// task-relevant objects ("targets") are placed first; every other visual token is a distractor: an object
/// that is not a target, in any colour. The prompt is
/// <c>[bos][system][visual m·n][question][options]["Answer:"]</c>.
/// </summary>
public static class SynthGenerator
{
    /// <summary>Text tokens before the visual span: <c>&lt;bos&gt;</c> + the system prompt.</summary>
    public static int PrefixLength { get; } = 1 + SynthVocabulary.Vocabulary.Encode(SynthVocabulary.SystemPrompt).Length;

    /// <summary>Generates the sample for <paramref name="key"/>.</summary>
    public static SynthSample Generate(SynthSampleKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        key.Validate();
        var random = new SynthRandom(key.Seed);
        var m = key.Frames;
        var n = key.TokensPerFrame;
        var grid = SampleLayout.WithSquareGrid(0, m, n, 0);
        var scene = PlaceTargets(key.Task, random, m, grid.GridRows, grid.GridCols);

        var targets = scene.Placements.Select(p => p.ObjectId).Concat(scene.ExcludedObjects).ToHashSet();
        var distractors = Enumerable.Range(0, SynthFeatureSpace.ObjectCount).Where(o => !targets.Contains(o)).ToArray();
        var byIndex = scene.Placements.ToDictionary(p => (p.Frame * n) + p.Cell);

        // [m·n × D_v]: tokens in frame-major, row-major order; each draws its own noise after its content.
        var features = new float[m * n * SynthFeatureSpace.Dim];
        for (var v = 0; v < m * n; v++)
        {
            int objectId, colorId;
            if (byIndex.TryGetValue(v, out var placed))
            {
                (objectId, colorId) = (placed.ObjectId, placed.ColorId);
            }
            else if (key.DistractorDensity < 1.0 && random.NextDouble() >= key.DistractorDensity)
            {
                // Training curriculum only: an empty patch. At density 1 no draw is made, so the
                // evaluated samples do not depend on this branch.
                (objectId, colorId) = (SynthFeatureSpace.Empty, SynthFeatureSpace.Empty);
            }
            else
            {
                objectId = distractors[random.NextInt(distractors.Length)];
                colorId = random.NextInt(SynthFeatureSpace.ColorCount);
            }

            var cell = v % n;
            SynthFeatureSpace.WriteToken(
                features.AsSpan(v * SynthFeatureSpace.Dim, SynthFeatureSpace.Dim),
                objectId, colorId, cell / grid.GridCols, cell % grid.GridCols, grid.GridRows, grid.GridCols, v / n, m, random);
        }

        var vocabulary = SynthVocabulary.Vocabulary;
        var prefix = new[] { vocabulary.Id(SynthVocabulary.BosToken) }.Concat(vocabulary.Encode(SynthVocabulary.SystemPrompt));
        var suffix = vocabulary.Encode(scene.Suffix);
        var image = vocabulary.Id(SynthVocabulary.ImageToken);
        int[] ids = [.. prefix, .. Enumerable.Repeat(image, m * n), .. suffix];
        var layout = SampleLayout.WithSquareGrid(PrefixLength, m, n, suffix.Length);
        var relevant = byIndex.Keys.Order().ToArray();
        var relevantObjects = relevant.Select(v => byIndex[v].ObjectId).ToArray();
        return new SynthSample(
            key, layout, ids, features, scene.AnswerIndex, SynthVocabulary.OptionTokenIds.ToArray(), relevant, scene.Suffix, relevantObjects);
    }

    private static SynthScene PlaceTargets(SynthTask task, SynthRandom random, int m, int rows, int cols)
    {
        var objects = SynthVocabulary.Objects;
        var colors = SynthVocabulary.Colors;
        switch (task)
        {
            case SynthTask.NeedleColor:
            {
                var obj = random.NextInt(objects.Count);
                var color = random.NextInt(4); // the options are always the first four colours
                var placements = Run(random, random.NextInt(m), obj, color, rows, cols);
                return new SynthScene(
                    placements, [], color,
                    $"what colour is the {objects[obj]} ? A {colors[0]} B {colors[1]} C {colors[2]} D {colors[3]} {SynthVocabulary.AnswerPrompt}");
            }

            case SynthTask.Temporal:
            {
                var obj = random.NextInt(objects.Count);
                int frame;
                do
                {
                    frame = random.NextInt(m);
                }
                while ((4 * frame + 2) % m == 0); // t = (frame + ½)/m exactly on a quarter boundary: ambiguous
                var quarter = (4 * frame + 2) / m;
                var placements = Run(random, frame, obj, random.NextInt(colors.Count), rows, cols);
                return new SynthScene(
                    placements, [], quarter,
                    $"when does the {objects[obj]} appear ? A first quarter B second quarter C third quarter D fourth quarter {SynthVocabulary.AnswerPrompt}");
            }

            case SynthTask.Count:
            {
                var obj = random.NextInt(objects.Count);
                var count = random.NextInclusive(1, 4);
                var frames = Distinct(random, m, count);
                var placements = frames
                    .Select(f => new SynthPlacement(f, random.NextInt(rows * cols), obj, random.NextInt(colors.Count)))
                    .ToList();
                return new SynthScene(
                    placements, [], count - 1,
                    $"how many frames show the {objects[obj]} ? A one B two C three D four {SynthVocabulary.AnswerPrompt}");
            }

            case SynthTask.Order:
            {
                // a, b in the video; c, d only named as options (and kept out of the background).
                var names = Distinct(random, objects.Count, 4);
                var gap = Math.Max(1, m / 8);
                int frameA, frameB;
                do
                {
                    frameA = random.NextInt(m);
                    frameB = random.NextInt(m);
                }
                while (Math.Abs(frameA - frameB) < gap);
                var placements = Run(random, frameA, names[0], random.NextInt(colors.Count), rows, cols);
                placements.AddRange(Run(random, frameB, names[1], random.NextInt(colors.Count), rows, cols));
                var (a, b, c, d) = (objects[names[0]], objects[names[1]], objects[names[2]], objects[names[3]]);
                return new SynthScene(
                    placements, [names[2], names[3]], frameA < frameB ? 0 : 1,
                    $"which appears first , the {a} or the {b} ? A {a} B {b} C {c} D {d} {SynthVocabulary.AnswerPrompt}");
            }

            case SynthTask.Spatial:
            {
                var obj = random.NextInt(objects.Count);
                var quadrant = random.NextInt(4); // 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right
                var top = quadrant < 2;
                var left = quadrant % 2 == 0;
                // Strict halves: with an odd side the middle row/column belongs to neither.
                var rowChoices = top ? Enumerable.Range(0, rows / 2) : Enumerable.Range((rows + 1) / 2, rows / 2);
                var colChoices = left ? Enumerable.Range(0, cols / 2) : Enumerable.Range((cols + 1) / 2, cols / 2);
                var cells = rowChoices.SelectMany(r => colChoices.Select(c => (r * cols) + c)).ToArray();
                var frame = random.NextInt(m);
                var color = random.NextInt(colors.Count);
                var count = Math.Min(random.NextInclusive(1, 3), cells.Length);
                var placements = Distinct(random, cells.Length, count)
                    .Select(i => new SynthPlacement(frame, cells[i], obj, color))
                    .ToList();
                return new SynthScene(
                    placements, [], quadrant,
                    $"where in the frame is the {objects[obj]} ? A top left B top right C bottom left D bottom right {SynthVocabulary.AnswerPrompt}");
            }

            case SynthTask.NeighborColor:
            {
                // x is named and shown once; y, its right-hand neighbour in the same frame, is named nowhere and
                // carries the answer. x's own colour is one of the options but never the answer, so reading the
                // named object (one hop) is always wrong.
                var names = Distinct(random, objects.Count, 2);
                var answer = random.NextInt(4);
                var ownColor = (answer + 1 + random.NextInt(3)) % 4;
                var frame = random.NextInt(m);
                var cell = (random.NextInt(rows) * cols) + random.NextInt(cols - 1);
                List<SynthPlacement> placements =
                [
                    new SynthPlacement(frame, cell, names[0], ownColor),
                    new SynthPlacement(frame, cell + 1, names[1], answer),
                ];
                return new SynthScene(
                    placements, [], answer,
                    $"what colour is the object right of the {objects[names[0]]} ? A {colors[0]} B {colors[1]} C {colors[2]} D {colors[3]} {SynthVocabulary.AnswerPrompt}");
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown synthetic task.");
        }
    }

    // 1–3 horizontally adjacent tokens of one object in one frame.
    private static List<SynthPlacement> Run(SynthRandom random, int frame, int objectId, int colorId, int rows, int cols)
    {
        var length = Math.Min(random.NextInclusive(1, 3), cols);
        var row = random.NextInt(rows);
        var col = random.NextInt(cols - length + 1);
        return Enumerable.Range(col, length).Select(c => new SynthPlacement(frame, (row * cols) + c, objectId, colorId)).ToList();
    }

    // count distinct values from [0, bound), in draw order (partial Fisher–Yates).
    private static int[] Distinct(SynthRandom random, int bound, int count)
    {
        var pool = Enumerable.Range(0, bound).ToArray();
        for (var i = 0; i < count; i++)
        {
            var j = i + random.NextInt(bound - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        return pool[..count];
    }

    private sealed record SynthScene(List<SynthPlacement> Placements, int[] ExcludedObjects, int AnswerIndex, string Suffix);
}
