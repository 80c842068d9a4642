using PruneBench.Core.Checkpoints;

namespace PruneBench.Core.Tests.Checkpoints;

/// <summary>config.json of VLM checkpoints: the text model is read from text_config, M-RoPE from mrope_section, DeepStack is refused.</summary>
public sealed class VlmConfigTests
{
    private const string Text = """
        "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4,
        "num_key_value_heads": 2, "vocab_size": 256, "rms_norm_eps": 1e-6
        """;

    private static ModelConfig Parse(string json, string source) => ModelConfigReader.Parse(json.Replace("TEXT", Text, StringComparison.Ordinal), source);

    [Fact]
    public void A_qwen2_5_vl_config_reads_its_text_config_as_qwen2_with_contiguous_m_rope()
    {
        var c = Parse("""
            {"model_type": "qwen2_5_vl", "tie_word_embeddings": true, "vision_config": {"depth": 2},
             "text_config": {"model_type": "qwen2_5_vl_text", TEXT,
               "rope_parameters": {"rope_type": "default", "rope_theta": 1000000.0, "mrope_section": [2, 3, 3]}}}
            """, "vlm/config.json");
        Assert.Equal("qwen2", c.ModelType);
        Assert.True(c.QkvBias);
        Assert.False(c.QkNorm);
        Assert.True(c.TieWordEmbeddings);
        Assert.Equal(3, c.RopeAxes);
        Assert.False(c.MRope!.Interleaved);
        Assert.Equal([2, 3, 3], c.MRope.Section);
        Assert.Equal((float)Math.Pow(1e6, -2.0 * 7 / 16), c.RopeInvFreq[7], 1e-12f); // θ from rope_parameters
    }

    [Fact]
    public void An_older_qwen2_vl_config_with_root_fields_and_rope_scaling_type_mrope_is_read()
    {
        var c = Parse("""
            {"model_type": "qwen2_vl", TEXT, "rope_theta": 1000000.0, "rope_scaling": {"type": "mrope", "mrope_section": [2, 3, 3]}}
            """, "old/config.json");
        Assert.Equal("qwen2", c.ModelType);
        Assert.Equal([2, 3, 3], c.MRope!.Section);
    }

    [Fact]
    public void A_qwen3_vl_text_config_is_qwen3_with_interleaved_m_rope()
    {
        var c = Parse("""
            {"model_type": "qwen3_vl_text", TEXT, "head_dim": 16,
             "rope_parameters": {"rope_type": "default", "rope_theta": 5000000.0, "mrope_section": [4, 2, 2], "mrope_interleaved": true}}
            """, "q3/config.json");
        Assert.Equal("qwen3", c.ModelType);
        Assert.True(c.QkNorm);
        Assert.True(c.MRope!.Interleaved);
    }

    [Fact]
    public void Qwen3_vl_with_deepstack_is_rejected_naming_the_field()
    {
        var e = Assert.Throws<CheckpointException>(() => Parse("""
            {"model_type": "qwen3_vl", "vision_config": {"deepstack_visual_indexes": [8, 16, 24]},
             "text_config": {"model_type": "qwen3_vl_text", TEXT, "rope_parameters": {"rope_type": "default", "mrope_section": [4, 2, 2]}}}
            """, "q3vl/config.json"));
        Assert.Contains("q3vl/config.json: vision_config", e.Message, StringComparison.Ordinal);
        Assert.Contains("deepstack_visual_indexes", e.Message, StringComparison.Ordinal);
        Assert.Contains("DeepStack", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_wrong_mrope_section_is_named()
    {
        var missing = Assert.Throws<CheckpointException>(() => Parse("""
            {"model_type": "qwen2_5_vl", "text_config": {TEXT, "rope_parameters": {"rope_type": "default"}}}
            """, "a/config.json"));
        Assert.Contains("a/config.json: text_config: rope_parameters: required field 'mrope_section' is missing", missing.Message, StringComparison.Ordinal);
        var wrong = Assert.Throws<CheckpointException>(() => Parse("""
            {"model_type": "qwen2_5_vl", "text_config": {TEXT, "rope_parameters": {"mrope_section": [16, 24, 24]}}}
            """, "b/config.json"));
        Assert.Contains("'mrope_section' [16, 24, 24] must be 3 non-negative entries summing to head_dim/2 = 8", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_llava_onevision_config_runs_its_qwen2_text_model_with_1d_rope()
    {
        var c = Parse("""
            {"model_type": "llava_onevision", "video_token_id": 251, "text_config": {"model_type": "qwen2", TEXT, "rope_theta": 1000000.0}}
            """, "ov/config.json");
        Assert.Equal("qwen2", c.ModelType);
        Assert.Null(c.MRope);
        Assert.Equal(1, c.RopeAxes);
    }

    [Fact]
    public void A_vlm_whose_text_model_is_unsupported_names_both_types()
    {
        var e = Assert.Throws<CheckpointException>(() => Parse("""
            {"model_type": "llava", "text_config": {"model_type": "mistral", TEXT}}
            """, "v/config.json"));
        Assert.Contains("text_config.model_type 'mistral' (model_type 'llava')", e.Message, StringComparison.Ordinal);
    }
}
