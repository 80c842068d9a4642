using System.Text.Json.Nodes;
using PruneBench.Benchmarks.Annotations;
using PruneBench.Benchmarks.Tests.TestSupport;

namespace PruneBench.Benchmarks.Tests.Annotations;

/// <summary>Each benchmark's published annotation layout, read from a tiny hand-written file (tests/fixtures/annotations).</summary>
public sealed class AnnotationReadersTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Fixture(string relative) => RepositoryFixtures.Path(Path.Combine("annotations", relative));

    private static AnnotationSet Read(string benchmark, string[] files, string videos, string? answers = null, bool skipBad = false) =>
        AnnotationReaders.Read(AnnotationReaders.Get(benchmark), files.Select(Fixture).ToArray(), Fixture(videos), answers is null ? null : Fixture(answers), skipBad);

    [Fact]
    public void VideoMME_parquet_rows_give_letters_as_indices_and_its_own_duration_buckets()
    {
        var set = Read("videomme", ["videomme/videomme/test-00000-of-00001.parquet"], "videomme/data");
        Assert.Equal(["001-1", "001-2", "002-1"], set.Questions.Select(q => q.Id));
        var q = set.Questions[0];
        Assert.Equal(("Counting Problem", "How many red boxes appear in the video?", 2, "short"), (q.Task, q.Question, q.Answer, q.Duration));
        Assert.Equal(["One.", "Two.", "Three.", "Four."], q.Options);
        Assert.Equal("fakevid0001.mp4", q.Video);
        Assert.Equal((3, "medium"), (set.Questions[2].Answer, set.Questions[2].Duration));
    }

    [Fact]
    public void MLVU_task_files_give_text_answers_as_indices_and_videos_in_the_tasks_folder()
    {
        var set = Read("mlvu", ["mlvu/json/1_plotQA.json", "mlvu/json/4_count.json"], "mlvu/video");
        Assert.Equal(["1_plotQA-1", "1_plotQA-2", "4_count-1"], set.Questions.Select(q => q.Id));
        Assert.Equal([1, 1, 2], set.Questions.Select(q => q.Answer));
        Assert.Equal(["plotQA", "plotQA", "count"], set.Questions.Select(q => q.Task));
        Assert.Equal(["medium", "medium", "long"], set.Questions.Select(q => q.Duration));
        Assert.Equal(1310.0, set.Questions[2].DurationSeconds);
        Assert.Equal(Path.Combine("4_count", "count_fake_1.mp4"), set.Questions[2].Video);
    }

    [Fact]
    public void LongVideoBench_uses_correct_choice_and_buckets_by_duration_group()
    {
        var set = Read("longvideobench", ["longvideobench/lvb_val.json"], "longvideobench/videos");
        Assert.Equal(["fakeLVB01_0", "fakeLVB02_0"], set.Questions.Select(q => q.Id));
        Assert.Equal([2, 1], set.Questions.Select(q => q.Answer));
        Assert.Equal(["medium", "short"], set.Questions.Select(q => q.Duration));
        Assert.Equal(["TOS", "S2O"], set.Questions.Select(q => q.Task));
        Assert.Equal(5, set.Questions[0].Options.Count);
    }

    [Fact]
    public void EgoSchema_takes_answers_from_the_public_subset_and_counts_the_rest()
    {
        var set = Read("egoschema", ["egoschema/questions.json"], "egoschema/good_clips_git", "egoschema/subset_answers.json");
        Assert.Equal(["00000000-fake-0001", "00000000-fake-0003"], set.Questions.Select(q => q.Id));
        Assert.Equal([2, 4], set.Questions.Select(q => q.Answer));
        Assert.Equal(1, set.Unanswered);
        Assert.All(set.Questions, q => Assert.Equal((5, 180.0), (q.Options.Count, q.DurationSeconds!.Value)));

        var none = Assert.Throws<AnnotationException>(() => Read("egoschema", ["egoschema/questions.json"], "egoschema/good_clips_git"));
        Assert.Contains("subset_answers.json", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MVBench_names_the_task_after_the_file_and_keeps_segment_bounds()
    {
        var set = Read("mvbench", ["mvbench/json/action_sequence.json"], "mvbench/video/star/Charades_v1_480");
        Assert.Equal(["action_sequence-1", "action_sequence-2"], set.Questions.Select(q => q.Id));
        Assert.Equal([1, 3], set.Questions.Select(q => q.Answer));
        Assert.All(set.Questions, q => Assert.Equal("action_sequence", q.Task));
        Assert.Equal((11.2, 30.8), (set.Questions[0].StartSeconds!.Value, set.Questions[0].EndSeconds!.Value));
    }

    [Fact]
    public void A_record_missing_a_field_is_rejected_naming_file_record_and_field_and_skip_bad_keeps_the_rest()
    {
        var file = Path.Combine(_temp.Path, "lvb_val.json");
        var records = JsonNode.Parse(File.ReadAllText(Fixture("longvideobench/lvb_val.json")))!.AsArray();
        records[1]!.AsObject().Remove("question");
        File.WriteAllText(file, records.ToJsonString());
        var reader = AnnotationReaders.Get("longvideobench");
        var videos = Fixture("longvideobench/videos");

        var e = Assert.Throws<AnnotationException>(() => AnnotationReaders.Read(reader, [file], videos, null, skipBad: false));
        Assert.Contains($"{file} record 2 ('fakeLVB02_0'): required field 'question' is missing", e.Message, StringComparison.Ordinal);

        var set = AnnotationReaders.Read(reader, [file], videos, null, skipBad: true);
        Assert.Equal("fakeLVB01_0", Assert.Single(set.Questions).Id);
        var rejected = Assert.Single(set.Rejected);
        Assert.Equal((2, "fakeLVB02_0"), (rejected.Record, rejected.Id));
    }

    [Fact]
    public void An_answer_letter_without_an_option_and_a_missing_video_are_rejected_naming_the_field()
    {
        var file = Path.Combine(_temp.Path, "videomme.jsonl");
        File.WriteAllLines(file,
        [
            """{"question_id": "9-1", "videoID": "fakevid0001", "duration": "short", "task_type": "OCR", "question": "q?", "options": ["A. a", "B. b", "C. c", "D. d"], "answer": "F"}""",
            """{"question_id": "9-2", "videoID": "no-such-video", "duration": "long", "task_type": "OCR", "question": "q?", "options": ["A. a", "B. b"], "answer": "B"}""",
        ]);
        var set = AnnotationReaders.Read(AnnotationReaders.Get("videomme"), [file], Fixture("videomme/data"), null, skipBad: true);
        Assert.Empty(set.Questions);
        Assert.Contains("field 'answer' = 'F' is not the letter of one of the 4 options", set.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains("video 'no-such-video' not found under", set.Rejected[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_benchmark_lists_the_known_ones()
    {
        var e = Assert.Throws<AnnotationException>(() => AnnotationReaders.Get("nextqa"));
        Assert.Contains("videomme, mlvu, longvideobench, egoschema, mvbench", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_questions_file_has_one_snake_case_object_per_line_without_absent_fields()
    {
        var set = Read("mvbench", ["mvbench/json/action_sequence.json"], "mvbench/video/star/Charades_v1_480");
        var path = Path.Combine(_temp.Path, "q", "questions.jsonl");
        QuestionsFile.Write(path, set.Questions);
        var lines = File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        var first = JsonNode.Parse(lines[0])!.AsObject();
        Assert.Equal(["id", "benchmark", "task", "video", "question", "options", "answer", "duration", "start_s", "end_s"], first.Select(kv => kv.Key));
        Assert.Equal(1, first["answer"]!.GetValue<int>());
    }
}
