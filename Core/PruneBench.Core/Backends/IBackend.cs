using PruneBench.Abstractions.Signals;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Backends;

/// <summary>
/// Exactly the operations the model adapters and the reduction engine need, on one device. Tensors are
/// row-major; "[T, H]" means T rows of width H. Every op that returns a tensor allocates it (the caller
/// disposes it); ops documented "in place" write into an argument. Activations are in the backend's
/// compute type (fp32 on the CPU, bf16 with fp32 accumulation on CUDA); host transfers are always fp32.
/// Ops are ordered on one stream: results are visible to later ops without synchronisation, and
/// <see cref="ToHost"/> waits for what it reads.
/// </summary>
public interface IBackend : IDisposable
{
    /// <summary>Human-readable device name, e.g. "cpu (16 threads)" or "cuda:0 NVIDIA H200".</summary>
    string Name { get; }

    /// <summary>CPU or CUDA.</summary>
    DeviceKind Device { get; }

    /// <summary>Memory held by this backend's live tensors and the peak since <see cref="ResetPeakMemory"/>.</summary>
    MemoryStats Memory { get; }

    /// <summary>
    /// False when <see cref="Memory"/> cannot see the backend's allocations (the Torch backend with an allocator other
    /// than libtorch's cudaMallocAsync pool): runs then report peak memory as unknown rather than as zero.
    /// </summary>
    bool MeasuresMemory => true;

    /// <summary>Starts a new peak-memory window.</summary>
    void ResetPeakMemory();

    /// <summary>Waits for all queued work (timing boundaries).</summary>
    void Synchronize();

    /// <summary>A timer of device work that does not wait inside its brackets (<see cref="IDeviceTimer"/>); the caller disposes it.</summary>
    IDeviceTimer CreateTimer();

    // ---- memory -------------------------------------------------------------------------------

    /// <summary>Uploads fp32 host data as an activation tensor of <paramref name="shape"/>.</summary>
    Tensor FromHost(ReadOnlySpan<float> data, params int[] shape);

    /// <summary>A zero-filled activation tensor.</summary>
    Tensor Zeros(params int[] shape);

    /// <summary>
    /// Uploads a weight stored as <paramref name="dtype"/> (F32, BF16 or F16 little-endian bytes); the
    /// backend keeps it in its weight type (fp32 on the CPU, bf16 on CUDA).
    /// </summary>
    Tensor LoadWeight(ReadOnlySpan<byte> data, DType dtype, int[] shape);

    /// <summary>
    /// A weight of <paramref name="shape"/> drawn on the device from a seeded generator, uniform in
    /// [−<paramref name="scale"/>, <paramref name="scale"/>] plus <paramref name="offset"/> (real-sized presets; no host arrays).
    /// </summary>
    Tensor RandomWeight(int[] shape, float scale, float offset, ulong seed);

    /// <summary>Downloads as fp32, in row-major order.</summary>
    float[] ToHost(Tensor t);

    /// <summary>Copies <paramref name="rows"/> rows of <paramref name="src"/> (from row <paramref name="srcRow"/>) into <paramref name="dst"/> at row <paramref name="dstRow"/>. Both viewed as [rows, width], same width. In place on dst.</summary>
    void CopyRows(Tensor src, int srcRow, Tensor dst, int dstRow, int rows);

    /// <summary>[R, W] = src rows listed in <paramref name="rows"/> (compaction, last-row logits).</summary>
    Tensor GatherRows(Tensor src, ReadOnlySpan<int> rows);

    /// <summary>
    /// Size-weighted merge, in place: for each target t, x[t] = (size[t]·x[t] + Σ_{s→t} size[s]·x[s]) / (size[t] + Σ size[s]).
    /// <paramref name="sizes"/> has one entry per row of x (sizes before the merge). Sources are left untouched (the caller drops them).
    /// </summary>
    void MergeRows(Tensor x, ReadOnlySpan<int> sources, ReadOnlySpan<int> targets, ReadOnlySpan<float> sizes);

    /// <summary>[T, C] = columns [start, start + count) of x [T, W].</summary>
    Tensor SliceColumns(Tensor x, int start, int count);

    // ---- dense math ---------------------------------------------------------------------------

    /// <summary>[T, H] = table[ids[t]] for table [V, H].</summary>
    Tensor Embedding(Tensor table, ReadOnlySpan<int> ids);

    /// <summary>[T, out] = x [T, in] · weightᵀ (weight [out, in]) + bias [out].</summary>
    Tensor Linear(Tensor x, Tensor weight, Tensor? bias);

    /// <summary>RMSNorm over rows of width weight.Length: y = x / sqrt(mean(x²) + eps) · weight. Works on any x whose width equals the weight's (use a [T·heads, d] view for per-head norms).</summary>
    Tensor RmsNorm(Tensor x, Tensor weight, float eps);

    /// <summary>Mamba2 gated RMSNorm: h = x·silu(gate); each group of <paramref name="groupSize"/> columns normalised by its own RMS; times weight. x, gate [T, I].</summary>
    Tensor GatedRmsNorm(Tensor x, Tensor gate, Tensor weight, int groupSize, float eps);

    /// <summary>x += y, in place, same shapes.</summary>
    void Add(Tensor x, Tensor y);

    /// <summary>
    /// A layer's last residual add fused with the compaction that follows it: CompactRows(x + y, kept, start, count)
    /// ([T − count + k, W]; x, y [T, W]), the sum rounded as <see cref="Add"/> rounds it. Only the kept rows are added
    /// and written, where Add then CompactRows would add all T and move the k kept again. x's contents afterwards are
    /// unspecified (a backend may add in place first); the caller disposes it.
    /// </summary>
    Tensor AddCompactRows(Tensor x, Tensor y, Tensor kept, int start, int count);

    /// <summary>silu(gate) · up, elementwise.</summary>
    Tensor SwiGlu(Tensor gate, Tensor up);

    /// <summary>relu(x)², elementwise.</summary>
    Tensor Relu2(Tensor x);

    /// <summary>
    /// Rotary embedding in place on x [T, heads, d] (rotate-half layout, as transformers): pair (i, i + d/2)
    /// rotated by angle positions[t] · invFreq[i]. <paramref name="invFreq"/> has d/2 entries (scaling already applied).
    /// A zero entry must leave its pair exactly unchanged: M-RoPE calls this once per position axis with the other
    /// axes' frequencies zeroed (see <c>Checkpoints.MRope</c>).
    /// <paramref name="positions"/>: F32 [T] of this backend holding integer position ids (exact below 2^24). A tensor,
    /// not a host list, so that the short path's device compactions shrink it with the hidden rows
    /// (<see cref="CompactRows"/>) and a RoPE layer after a device decision needs no download of the kept indices.
    /// </summary>
    void Rope(Tensor x, ReadOnlySpan<float> invFreq, Tensor positions);

    /// <summary>
    /// Causal attention with GQA. q [Tq, Hq, d]; kCache, vCache [capacity, Hkv, d] of which the first
    /// <paramref name="kvLength"/> rows are valid; query t sits at cache row <paramref name="queryOffset"/> + t
    /// and attends to rows 0..queryOffset + t. Scale 1/√d. <paramref name="keyLogSize"/> (optional, [capacity])
    /// is added to the logits of each key (ToMe proportional attention). Returns [Tq, Hq, d]. Memory never grows with Tq·kvLength.
    /// </summary>
    Tensor Attention(Tensor q, Tensor kCache, Tensor vCache, int kvLength, int queryOffset, Tensor? keyLogSize);

    /// <summary>
    /// Query-row attention signal. q [Q, Hq, d] are the query rows (already rotated), sitting at cache rows
    /// <paramref name="queryRows"/>; softmax over each full causal row (keys 0..queryRows[i]), read at key columns
    /// [colStart, colStart + colCount). Returns [Hq, Q, colCount] when <paramref name="perQuery"/>, else the
    /// mean over queries [Hq, colCount]. Never forms the L×L matrix.
    /// </summary>
    Tensor QueryAttention(Tensor q, Tensor kCache, int kvLength, ReadOnlySpan<int> queryRows, Tensor? keyLogSize, int colStart, int colCount, bool perQuery);

    // ---- Mamba2 -------------------------------------------------------------------------------

    /// <summary>
    /// Depthwise causal conv1d (kernel K) + SiLU over x [T, C] with weight [C, K] and bias [C]. The left
    /// context is <paramref name="convState"/> [C, K−1] (the last K−1 inputs seen, oldest first; zeros when
    /// fresh), which is updated in place to the last K−1 inputs. Prefill (T &gt; 1) and decode step (T = 1) alike.
    /// </summary>
    Tensor CausalConv1dSilu(Tensor x, Tensor weight, Tensor? bias, Tensor convState);

    /// <summary>dt [T, H] = clamp(softplus(dtRaw + dtBias), min, max).</summary>
    Tensor DtSoftplus(Tensor dtRaw, Tensor dtBias, float min, float max);

    /// <summary>
    /// Mamba2 SSD scan. x [T, H, P], dt [T, H] (after softplus), a [H] (A = −exp(A_log)), B, C [T, G, N]
    /// (head h uses group h·G/H), d [H]. state [H, P, N] holds the initial state and is updated in place to
    /// the final state. Returns y [T, H, P] including the D skip. Chunked form over <paramref name="chunkSize"/>
    /// for T &gt; 1; T = 1 is the recurrent step.
    /// </summary>
    Tensor SsdScan(Tensor x, Tensor dt, Tensor a, Tensor b, Tensor c, Tensor d, Tensor state, int chunkSize);

    /// <summary>
    /// Mamba2 implicit-attention signal summed over heads and queries:
    /// s_j = Σ_h Σ_{i∈Q} f(α^h_{i,j}), α^h_{i,j} = (C_{i,g}·B_{j,g})·[exp(A_h(cs_i − cs_j))]·dt_{j,h}, for key rows
    /// j in [colStart, colStart + colCount) with j ≤ i; f = |·| or max(0,·). b, c [T, G, N]; dt [T, H]; a [H].
    /// Returns [colCount]. The decay variant factors around the last column (pivot) so no exponent is positive.
    /// </summary>
    Tensor ImplicitAttention(Tensor b, Tensor c, Tensor dt, Tensor a, ReadOnlySpan<int> queryRows, int colStart, int colCount, ImplicitVariant variant, ScoreTransform transform);

    // ---- score selection (the device path of Abstractions.Scoring.ScorePruner) ------------------------
    // Index tensors are DType.I32 [n]; they stay on the device until IndicesToHost.

    /// <summary>[V] = mean (or max) over the H rows of per-head scores [H, V] (query attention's head aggregation).</summary>
    Tensor ReduceHeads(Tensor perHead, HeadAggregation aggregation);

    /// <summary>
    /// [R] = 1 / max(‖(1/heads)·Σ_h x[r, h, :]‖₂, 1e-30) for x [R, heads·d]: the inverse norm of each row's head mean
    /// (ScoreSignal.InverseKeyNorm on pre-RoPE keys). Norms accumulate in fp32.
    /// </summary>
    Tensor InverseHeadMeanNorms(Tensor x, int heads);

    /// <summary>
    /// fp32 [n] = β·running + (1 − β)·current/Σcurrent, as ScoreNormalization.Blend: the share is uniform when Σ is
    /// not positive and finite; a null <paramref name="running"/> (the first score) or β = 0 gives the share alone.
    /// current [n]; neither input is modified. Always fp32, whatever the backend's activation type: running scores
    /// are summed shares of 10⁴–10⁶ tokens, which bf16 would turn into ties.
    /// </summary>
    Tensor BlendScores(Tensor? running, Tensor current, float beta);

    /// <summary>
    /// The score pruner's decision in one op. With v [n] = <paramref name="running"/> when <paramref name="current"/>
    /// is null, else <see cref="BlendScores"/>(running, current, beta): Kept = I32 [k], the indices of the
    /// <paramref name="k"/> highest of v in ascending index order (ties go to the lower index, NaN ranks lowest,
    /// −0 equals +0: TopKSelection.Ascending), and Scores = F32 [k], v at those indices (the running score compacted
    /// to the kept tokens). A plain top-k is SelectTop(scores, null, 0, k). 0 ≤ k ≤ n; running and current are not
    /// both null; neither input is modified.
    /// </summary>
    (Tensor Kept, Tensor Scores) SelectTop(Tensor? running, Tensor? current, float beta, int k);

    /// <summary>
    /// [T − count + k, W] = rows [0, start) of x [T, W], then row start + kept[i] for each of the k entries of
    /// <paramref name="kept"/> (I32, in order), then rows [start + count, T): the compaction of a run of
    /// <paramref name="count"/> rows from <paramref name="start"/> to the kept ones, everything around it untouched.
    /// </summary>
    Tensor CompactRows(Tensor x, Tensor kept, int start, int count);

    /// <summary>Downloads an I32 index tensor (waits for the work that writes it: the one host synchronisation of the path).</summary>
    int[] IndicesToHost(Tensor indices);
}
