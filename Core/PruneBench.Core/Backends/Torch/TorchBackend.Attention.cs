using TorchSharp;
using static TorchSharp.torch;
using Tensor = PruneBench.Core.Tensors.Tensor;
using TT = TorchSharp.torch.Tensor;

namespace PruneBench.Core.Backends.Torch;

/// <summary>Causal GQA attention through libtorch's SDPA, and the query-row attention signal.</summary>
public sealed partial class TorchBackend
{
    /// <summary>Query rows per block when queries start inside the cache (bounds the boolean mask to block × kvLength).</summary>
    private const int MaskedQueryBlock = 1024;

    /// <inheritdoc />
    public Tensor Attention(Tensor q, Tensor kCache, Tensor vCache, int kvLength, int queryOffset, Tensor? keyLogSize)
    {
        using var op = Op(nameof(Attention));
        var (tq, hq, d) = (q.Shape[0], q.Shape[1], q.Shape[2]);
        var hkv = kCache.Shape[1];
        CheckAttention(q, kCache, kvLength, hkv);
        if (queryOffset + tq > kvLength)
        {
            throw new ArgumentException($"Attention: queries at rows {queryOffset}..{queryOffset + tq - 1} beyond kv length {kvLength}.");
        }

        using var scope = torch.NewDisposeScope();
        if (tq == 0)
        {
            return Wrap(torch.empty([0, hq, d], ComputeType, _device));
        }

        var (qh, kh, vh) = HeadMajor(In(q), In(kCache), In(vCache), kvLength, keyLogSize, hkv);
        TT output;
        if (queryOffset == 0 && tq == kvLength)
        {
            output = nn.functional.scaled_dot_product_attention(qh, kh, vh, is_casual: true); // prefill
        }
        else if (tq == 1 && queryOffset == kvLength - 1)
        {
            output = nn.functional.scaled_dot_product_attention(qh, kh, vh); // decode: every cached key is visible
        }
        else
        {
            // Queries in the middle of the cache (chunked prefill): SDPA's is_causal aligns top-left, so the
            // mask is explicit, one block of queries at a time.
            var blocks = new List<TT>();
            for (var t0 = 0; t0 < tq; t0 += MaskedQueryBlock)
            {
                var n = Math.Min(MaskedQueryBlock, tq - t0);
                var rows = torch.arange(queryOffset + t0, queryOffset + t0 + n, ScalarType.Int64, _device).unsqueeze(1); // [n, 1]
                var cols = torch.arange(0, kvLength, ScalarType.Int64, _device).unsqueeze(0);                           // [1, L]
                blocks.Add(nn.functional.scaled_dot_product_attention(qh.narrow(2, t0, n), kh, vh, cols.le(rows)));
            }

            output = torch.cat(blocks, 2);
        }

        // [1, Hq, Tq, d'] → [Tq, Hq, d]
        return Wrap(output.narrow(3, 0, d).squeeze(0).transpose(0, 1).contiguous());
    }

    /// <summary>
    /// q [Tq, Hq, d] and the first <paramref name="kvLength"/> cache rows [L, Hkv, d] as SDPA's [1, H, rows, d'] with
    /// the KV heads repeated for GQA. ToMe's per-key bias b_j rides in padded head dimensions so no L×L mask
    /// exists: q' = [q·√(d'/d), √d', 0…], k' = [k, b, 0…], v' = [v, 0…] with d' = d + 8 (flash kernels want a
    /// multiple of 8); SDPA's scale 1/√d' then gives q·k/√d + b_j, and the output's first d columns are the answer.
    /// </summary>
    private (TT Q, TT K, TT V) HeadMajor(TT q, TT kCache, TT vCache, int kvLength, Tensor? keyLogSize, int hkv)
    {
        var (tq, hq, d) = (q.shape[0], q.shape[1], q.shape[2]);
        var group = hq / hkv;
        var k = kCache.narrow(0, 0, kvLength).to_type(ComputeType); // [L, Hkv, d]
        var v = vCache.narrow(0, 0, kvLength).to_type(ComputeType);
        var qc = q.to_type(ComputeType);
        if (keyLogSize is not null)
        {
            const int extra = 8;
            var scaleUp = Math.Sqrt((d + extra) / (double)d);
            var bias = In(keyLogSize).narrow(0, 0, kvLength).to_type(ComputeType).view(kvLength, 1, 1).expand(kvLength, hkv, 1); // [L, Hkv, 1]
            qc = torch.cat([qc * scaleUp, torch.full([tq, hq, 1], Math.Sqrt(d + extra), ComputeType, _device), torch.zeros([tq, hq, extra - 1], ComputeType, _device)], 2);
            k = torch.cat([k, bias, torch.zeros([kvLength, hkv, extra - 1], ComputeType, _device)], 2);
            v = torch.cat([v, torch.zeros([kvLength, hkv, extra], ComputeType, _device)], 2);
        }

        var qh = qc.transpose(0, 1).unsqueeze(0);                                 // [1, Hq, Tq, d']
        var kh = k.transpose(0, 1).repeat_interleave(group, 0).unsqueeze(0);     // [1, Hq, L, d']
        var vh = v.transpose(0, 1).repeat_interleave(group, 0).unsqueeze(0);
        return (qh, kh, vh);
    }

    /// <inheritdoc />
    public Tensor QueryAttention(Tensor q, Tensor kCache, int kvLength, ReadOnlySpan<int> queryRows, Tensor? keyLogSize, int colStart, int colCount, bool perQuery)
    {
        using var op = Op(nameof(QueryAttention));
        var (nq, hq, d) = (q.Shape[0], q.Shape[1], q.Shape[2]);
        var hkv = kCache.Shape[1];
        CheckAttention(q, kCache, kvLength, hkv);
        if (queryRows.Length != nq || colStart < 0 || colStart + colCount > kvLength)
        {
            throw new ArgumentException($"QueryAttention: {queryRows.Length} query rows for {nq} queries, columns [{colStart}, {colStart + colCount}) of {kvLength}.");
        }

        foreach (var r in queryRows)
        {
            if (r >= kvLength)
            {
                throw new ArgumentException($"QueryAttention: query row {r} beyond kv length {kvLength}.");
            }
        }

        using var scope = torch.NewDisposeScope();
        var group = hq / hkv;
        // Only the |Q| rows: logits [Hkv, group·Q, L] in fp32 (head h = kvHead·group + i, as the cache is read).
        var qf = In(q).to_type(ScalarType.Float32).permute(1, 0, 2).reshape(hkv, group * nq, d);
        var kf = In(kCache).narrow(0, 0, kvLength).to_type(ScalarType.Float32).permute(1, 2, 0); // [Hkv, d, L]
        var logits = torch.bmm(qf, kf).mul_(1.0 / Math.Sqrt(d)).view(hq, nq, kvLength);        // [Hq, Q, L]
        if (keyLogSize is not null)
        {
            logits.add_(In(keyLogSize).narrow(0, 0, kvLength).to_type(ScalarType.Float32).view(1, 1, kvLength));
        }

        var rows = Index(queryRows).unsqueeze(1);                                   // [Q, 1]
        var cols = torch.arange(0, kvLength, ScalarType.Int64, _device).unsqueeze(0); // [1, L]
        logits.masked_fill_(cols.gt(rows).unsqueeze(0), double.NegativeInfinity);   // causal: key j ≤ query row
        var probs = logits.softmax(-1).narrow(2, colStart, colCount);              // [Hq, Q, cols]
        // No query rows: zero attention, as the CPU (a mean over nothing would be NaN).
        return Wrap(perQuery ? probs.contiguous() : nq == 0 ? torch.zeros([hq, colCount], ScalarType.Float32, _device) : probs.mean([1L]));
    }

    private static void CheckAttention(Tensor q, Tensor kCache, int kvLength, int hkv)
    {
        if (q.Shape.Length != 3 || kCache.Shape.Length != 3 || kCache.Shape[2] != q.Shape[2] || q.Shape[1] % hkv != 0 || kvLength > kCache.Shape[0])
        {
            throw new ArgumentException($"Attention: q {q}, kCache {kCache}, kvLength {kvLength} are inconsistent.");
        }
    }
}
