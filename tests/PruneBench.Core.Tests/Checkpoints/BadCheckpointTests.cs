using System.Text;
using PruneBench.Abstractions.Tokens;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Checkpoints;
using PruneBench.Core.Engine;
using PruneBench.Core.Models;
using PruneBench.Core.Tests.TestSupport;

namespace PruneBench.Core.Tests.Checkpoints;

/// <summary>Every kind of bad checkpoint gives one clear error naming the file and the tensor or field.</summary>
public sealed class BadCheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("prunebench-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string CopyFixture(string name = "llama")
    {
        var dst = Path.Combine(_dir, name);
        Directory.CreateDirectory(dst);
        foreach (var f in Directory.GetFiles(Fixtures.Dir(name)))
        {
            File.Copy(f, Path.Combine(dst, Path.GetFileName(f)));
        }

        return dst;
    }

    private string WriteRaw(string header, int dataBytes, long? declaredHeaderLength = null)
    {
        var path = Path.Combine(_dir, "raw.safetensors");
        var h = Encoding.UTF8.GetBytes(header);
        using var fs = File.Create(path);
        fs.Write(BitConverter.GetBytes(declaredHeaderLength ?? h.Length));
        fs.Write(h);
        fs.Write(new byte[dataBytes]);
        return path;
    }

    [Fact]
    public void A_truncated_file_names_the_file_and_the_tensor_that_runs_past_the_end()
    {
        var dir = CopyFixture();
        var file = Path.Combine(dir, "model.safetensors");
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<CheckpointException>(() => LanguageModel.Load(dir, new CpuBackend()));
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains("run past", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_shorter_than_its_header_length_prefix_is_reported_as_truncated()
    {
        var path = Path.Combine(_dir, "tiny.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        var e = Assert.Throws<CheckpointException>(() => SafetensorsFile.Open(path));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_length_beyond_the_file_is_reported_as_corrupt()
    {
        var path = WriteRaw("{}", 0, declaredHeaderLength: 1_000_000);
        var e = Assert.Throws<CheckpointException>(() => SafetensorsFile.Open(path));
        Assert.Contains("corrupt safetensors header length", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_that_is_not_json_is_reported()
    {
        var e = Assert.Throws<CheckpointException>(() => SafetensorsFile.Open(WriteRaw("{not json", 0)));
        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_data_offsets_name_both_tensors()
    {
        var header = """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""";
        var e = Assert.Throws<CheckpointException>(() => SafetensorsFile.Open(WriteRaw(header, 12)));
        Assert.Contains("'a'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'b'", e.Message, StringComparison.Ordinal);
        Assert.Contains("overlap", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offsets_past_the_data_section_name_the_tensor()
    {
        var header = """{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""";
        var e = Assert.Throws<CheckpointException>(() => SafetensorsFile.Open(WriteRaw(header, 8)));
        Assert.Contains("'w'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_byte_range_that_disagrees_with_dtype_and_shape_is_reported()
    {
        var header = """{"w":{"dtype":"BF16","shape":[4],"data_offsets":[0,16]}}""";
        var e = Assert.Throws<CheckpointException>(() => SafetensorsFile.Open(WriteRaw(header, 16)));
        Assert.Contains("BF16 [4] = 8 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_dtype_names_the_tensor_and_dtype()
    {
        var header = """{"w":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}""";
        var e = Assert.Throws<CheckpointException>(() => SafetensorsFile.Open(WriteRaw(header, 8)));
        Assert.Contains("'w' has unsupported dtype 'F64'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_weight_whose_shape_disagrees_with_config_names_tensor_and_both_shapes()
    {
        var dir = CopyFixture();
        var cfg = Path.Combine(dir, "config.json");
        File.WriteAllText(cfg, File.ReadAllText(cfg).Replace("\"intermediate_size\": 128", "\"intermediate_size\": 96", StringComparison.Ordinal));
        var e = Assert.Throws<CheckpointException>(() => LanguageModel.Load(dir, new CpuBackend()));
        Assert.Contains("mlp.gate_proj.weight' has shape [128,64]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[96,64]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_tensor_is_named()
    {
        var dir = CopyFixture();
        var file = Path.Combine(dir, "model.safetensors");
        using (var src = SafetensorsFile.Open(file))
        {
            var items = src.Entries.Values.Where(e => e.Name != "model.norm.weight")
                .Select(e => new SafetensorsWriter.Item(e.Name, e.Shape, src.ReadFloats(e.Name))).ToList();
            SafetensorsWriter.Write(Path.Combine(_dir, "stripped.safetensors"), items);
        }

        File.Copy(Path.Combine(_dir, "stripped.safetensors"), file, overwrite: true);
        var e = Assert.Throws<CheckpointException>(() => LanguageModel.Load(dir, new CpuBackend()));
        Assert.Contains("'model.norm.weight' is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_shard_is_named_with_its_index()
    {
        var dir = CopyFixture("llama_bf16_sharded");
        File.Delete(Path.Combine(dir, "model-00003-of-00004.safetensors"));
        var e = Assert.Throws<CheckpointException>(() => LanguageModel.Load(dir, new CpuBackend()));
        Assert.Contains("model-00003-of-00004.safetensors", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_model_type_names_the_config_and_the_supported_types()
    {
        var dir = CopyFixture();
        var cfg = Path.Combine(dir, "config.json");
        File.WriteAllText(cfg, File.ReadAllText(cfg).Replace("\"model_type\": \"llama\"", "\"model_type\": \"gpt2\"", StringComparison.Ordinal));
        var e = Assert.Throws<CheckpointException>(() => LanguageModel.Load(dir, new CpuBackend()));
        Assert.Contains("unknown model_type 'gpt2'", e.Message, StringComparison.Ordinal);
        Assert.Contains(cfg, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_config_field_is_named()
    {
        var e = Assert.Throws<CheckpointException>(() => ModelConfigReader.Parse("""{"model_type":"llama","hidden_size":8}""", "cfg.json"));
        Assert.Contains("cfg.json: required field 'num_attention_heads' is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_moe_layer_in_a_hybrid_pattern_is_rejected_clearly()
    {
        var json = """{"model_type":"nemotron_h","hidden_size":8,"vocab_size":4,"intermediate_size":8,"num_attention_heads":2,"hybrid_override_pattern":"M*E","mamba_num_heads":2,"mamba_head_dim":2,"ssm_state_size":2}""";
        var e = Assert.Throws<CheckpointException>(() => ModelConfigReader.Parse(json, "cfg.json"));
        Assert.Contains("MoE layers are not supported", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_legacy_hybrid_pattern_and_the_new_layer_list_give_the_same_layers()
    {
        const string common = """ "model_type":"nemotron_h","hidden_size":8,"vocab_size":4,"intermediate_size":8,"num_attention_heads":2,"mamba_num_heads":2,"mamba_head_dim":2,"ssm_state_size":2 """;
        var a = ModelConfigReader.Parse("{" + common + ""","hybrid_override_pattern":"M*-"}""", "a");
        var b = ModelConfigReader.Parse("{" + common + ""","layers_block_type":["linear_attention","full_attention","mlp"]}""", "b");
        Assert.Equal(a.Layers, b.Layers);
    }

    [Fact]
    public void Visual_embeddings_whose_width_differs_from_hidden_size_are_rejected_naming_hidden_size()
    {
        using var model = LanguageModel.Load(Fixtures.Dir("llama"), new CpuBackend());
        var layout = new SampleLayout(2, 2, 2, 2, 1, 2);
        var prompt = new Prompt([1, 5, 0, 0, 0, 0, 7, 8], layout, new float[4 * 32]);
        var e = Assert.Throws<ArgumentException>(() => new ReductionEngine(model).Run(prompt, null, RunOptions.Default));
        Assert.Contains("hidden_size 64", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_id_outside_the_vocabulary_is_rejected_with_its_position()
    {
        using var model = LanguageModel.Load(Fixtures.Dir("llama"), new CpuBackend());
        var layout = new SampleLayout(2, 1, 2, 2, 1, 2);
        var prompt = new Prompt([1, 999, 0, 0, 7, 8], layout, new float[2 * 64]);
        var e = Assert.Throws<ArgumentException>(() => new ReductionEngine(model).Run(prompt, null, RunOptions.Default));
        Assert.Contains("Token id 999 at position 1", e.Message, StringComparison.Ordinal);
    }
}
