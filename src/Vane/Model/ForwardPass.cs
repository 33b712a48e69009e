using System.Numerics.Tensors;
using Vane.Hooks;
using Vane.Kernels;
using Vane.Tensors;

namespace Vane.Model;

/// <summary>
/// Runs a <see cref="TransformerModel"/> over a <see cref="TokenBatch"/>: embeddings,
/// every block, the final norm and the unembedding, calling hooks at each site.
/// Keeps scratch buffers between calls, so use one instance per thread.
/// </summary>
public sealed class ForwardPass(TransformerModel model)
{
    readonly ModelConfig _c = model.Config;
    readonly ForwardBuffers _buf = new();

    /// <summary>The model this pass computes.</summary>
    public TransformerModel Model => model;

    /// <summary>Sparse products for single-row (decode) passes, or null for dense everywhere.</summary>
    public ISparseLinear? Sparse { get; set; }

    /// <summary>
    /// Processes <paramref name="batch"/>, appending its keys and values to
    /// <paramref name="cache"/>, and returns next-token logits [batch.LogitRows.Length, VocabSize].
    /// </summary>
    public float[] Run(TokenBatch batch, KvCache cache, HookSet? hooks = null)
    {
        Validate(batch, cache);
        if (hooks is { IsEmpty: true })
            hooks = null;
        int rows = batch.Count, d = _c.DModel;
        _buf.Ensure(_c, rows);
        var x = _buf.Resid.AsSpan(0, rows * d);

        // token (and learned position) embeddings
        Embed(batch, x);
        Hook(hooks, 0, x, d, batch);

        for (int l = 0; l < _c.NLayers; l++)
            Block(l, batch, cache, hooks);

        // final norm, then logits for the requested rows only
        var h = _buf.Normed.AsSpan(0, rows * d);
        Norm(x, model.FinalNorm, model.FinalNormBias, h, rows);
        Hook(hooks, HookSites.FinalIndex(_c.NLayers), h, d, batch);
        var logits = Unembed(batch, h);

        foreach (int s in batch.Sequences.Distinct())
            cache.Get(s).Length += batch.Sequences.Count(q => q == s);
        return logits;
    }

    void Block(int l, TokenBatch batch, KvCache cache, HookSet? hooks)
    {
        var w = model.Layers[l];
        int rows = batch.Count, d = _c.DModel;
        var x = _buf.Resid.AsSpan(0, rows * d);
        var h = _buf.Normed.AsSpan(0, rows * d);
        var q = _buf.Q.AsSpan(0, rows * _c.DQuery);
        var k = _buf.K.AsSpan(0, rows * _c.DKv);
        var v = _buf.V.AsSpan(0, rows * _c.DKv);
        var z = _buf.Z.AsSpan(0, rows * _c.DQuery);
        var o = _buf.Out.AsSpan(0, rows * d);
        Hook(hooks, HookSites.Index(l, BlockSite.ResidPre), x, d, batch);

        // attention: norm, project, rotate, cache, attend, project back
        Norm(x, w.AttnNorm, w.AttnNormBias, h, rows);
        Hook(hooks, HookSites.Index(l, BlockSite.AttnIn), h, d, batch);
        Linear(h, w.Q, w.QBias, q, batch, hooks);
        Linear(h, w.K, w.KBias, k, batch, hooks);
        Linear(h, w.V, w.VBias, v, batch, hooks);
        if (_c.Architecture != Architecture.Gpt2)
            RotateQK(batch, q, k);
        StoreKv(l, batch, cache, k, v);
        Attend(l, batch, cache, _buf.Q, _buf.Z);
        Hook(hooks, HookSites.Index(l, BlockSite.Z), z, _c.DQuery, batch);
        Linear(z, w.O, w.OBias, o, batch, hooks);
        Hook(hooks, HookSites.Index(l, BlockSite.AttnOut), o, d, batch);

        // first residual connection
        TensorPrimitives.Add(x, o, x);
        Hook(hooks, HookSites.Index(l, BlockSite.ResidMid), x, d, batch);

        // MLP: norm, up (and gate), activation, down
        Norm(x, w.MlpNorm, w.MlpNormBias, h, rows);
        Hook(hooks, HookSites.Index(l, BlockSite.MlpIn), h, d, batch);
        var act = Mlp(w, h, batch, hooks);
        Hook(hooks, HookSites.Index(l, BlockSite.MlpPost), act, _c.DMlp, batch);
        Linear(act, w.Down, w.DownBias, o, batch, hooks);
        Hook(hooks, HookSites.Index(l, BlockSite.MlpOut), o, d, batch);

        // second residual connection
        TensorPrimitives.Add(x, o, x);
        Hook(hooks, HookSites.Index(l, BlockSite.ResidPost), x, d, batch);
    }

    Span<float> Mlp(LayerWeights w, Span<float> h, TokenBatch batch, HookSet? hooks)
    {
        var up = _buf.Up.AsSpan(0, batch.Count * _c.DMlp);
        Linear(h, w.Up, w.UpBias, up, batch, hooks);
        if (w.Gate is null)
        {
            Activations.GeluTanh(up, up);
            return up;
        }
        var gate = _buf.Gate.AsSpan(0, batch.Count * _c.DMlp);
        Linear(h, w.Gate, ReadOnlySpan<float>.Empty, gate, batch, hooks);
        Activations.SwiGlu(gate, up, up);
        return up;
    }

    // one linear layer; input filters get their own copy of x; a single-row pass may go sparse
    void Linear(
        ReadOnlySpan<float> x,
        WeightMatrix w,
        ReadOnlySpan<float> bias,
        Span<float> y,
        TokenBatch batch,
        HookSet? hooks)
    {
        int rows = batch.Count;
        if (hooks is not null && hooks.FiltersInput(w))
        {
            var copy = _buf.LinearIn.AsSpan(0, rows * w.Cols);
            x[..copy.Length].CopyTo(copy);
            hooks.FilterInput(w, copy, batch);
            x = copy;
        }
        if (rows == 1 && Sparse is { } sparse && sparse.TryMultiply(w, x[..w.Cols], bias, y[..w.Rows]))
            return;
        MatMul.Multiply(x, w, bias, y, rows);
    }

    void Embed(TokenBatch batch, Span<float> x)
    {
        int d = _c.DModel;
        Span<float> pos = model.PositionEmbedding is null ? default : stackalloc float[d];
        for (int r = 0; r < batch.Count; r++)
        {
            var row = x.Slice(r * d, d);
            model.TokenEmbedding.ReadRow(batch.Tokens[r], row);
            if (model.PositionEmbedding is { } pe)
            {
                pe.ReadRow(batch.Positions[r], pos);
                TensorPrimitives.Add(row, pos, row);
            }
        }
    }

    void Norm(ReadOnlySpan<float> x, float[] weight, float[]? bias, Span<float> y, int rows)
    {
        if (bias is null)
            RmsNorm.Apply(x, weight, _c.NormEps, y, rows);
        else
            LayerNorm.Apply(x, weight, bias, _c.NormEps, y, rows);
    }

    void RotateQK(TokenBatch batch, Span<float> q, Span<float> k)
    {
        int half = _c.DHead / 2;
        Span<float> cos = stackalloc float[half];
        Span<float> sin = stackalloc float[half];
        for (int r = 0; r < batch.Count; r++)
        {
            model.Rope.Angles(batch.Positions[r], cos, sin);
            Rope.Apply(q.Slice(r * _c.DQuery, _c.DQuery), _c.NHeads, _c.DHead, cos, sin);
            Rope.Apply(k.Slice(r * _c.DKv, _c.DKv), _c.NKvHeads, _c.DHead, cos, sin);
        }
    }

    void StoreKv(int l, TokenBatch batch, KvCache cache, ReadOnlySpan<float> k, ReadOnlySpan<float> v)
    {
        int dkv = _c.DKv;
        for (int r = 0; r < batch.Count; r++)
        {
            var seq = cache.Get(batch.Sequences[r]);
            int p = batch.Positions[r];
            k.Slice(r * dkv, dkv).CopyTo(seq.Keys[l].AsSpan(p * dkv, dkv));
            v.Slice(r * dkv, dkv).CopyTo(seq.Values[l].AsSpan(p * dkv, dkv));
        }
    }

    void Attend(int l, TokenBatch batch, KvCache cache, float[] qAll, float[] zAll)
    {
        int dq = _c.DQuery;
        float scale = 1f / MathF.Sqrt(_c.DHead);
        int maxContext = batch.Positions.Max() + 1;
        void Row(int r, float[] scores)
        {
            var seq = cache.Get(batch.Sequences[r]);
            Attention.Compute(qAll.AsSpan(r * dq, dq), seq.Keys[l], seq.Values[l], batch.Positions[r] + 1,
                _c.NHeads, _c.NKvHeads, _c.DHead, scale, zAll.AsSpan(r * dq, dq), scores);
        }
        if (batch.Count == 1)
            Row(0, new float[maxContext]);
        else
            Parallel.For(0, batch.Count, () => new float[maxContext], (r, _, s) => { Row(r, s); return s; }, _ => { });
    }

    float[] Unembed(TokenBatch batch, ReadOnlySpan<float> h)
    {
        int d = _c.DModel, n = batch.LogitRows.Length;
        var input = _buf.LogitIn.AsSpan(0, n * d);
        for (int i = 0; i < n; i++)
            h.Slice(batch.LogitRows[i] * d, d).CopyTo(input.Slice(i * d, d));
        var logits = new float[n * _c.VocabSize];
        MatMul.Multiply(input, model.LmHead, ReadOnlySpan<float>.Empty, logits, n);
        return logits;
    }

    void Hook(HookSet? hooks, int site, Span<float> activations, int width, TokenBatch batch)
    {
        if (hooks is not null && hooks.Has(site))
            hooks.Invoke(site, activations, width, batch);
    }

    void Validate(TokenBatch batch, KvCache cache)
    {
        if (batch.Count == 0)
            throw new ArgumentException("the batch has no tokens");
        var next = new Dictionary<int, int>();
        for (int r = 0; r < batch.Count; r++)
        {
            int t = batch.Tokens[r], s = batch.Sequences[r], p = batch.Positions[r];
            if ((uint)t >= (uint)_c.VocabSize)
                throw new ArgumentOutOfRangeException(nameof(batch),
                    $"row {r}: token id {t} is outside the vocabulary [0, {_c.VocabSize})");
            if (!next.TryGetValue(s, out int expected))
                expected = cache.Length(s);
            if (p != expected)
                throw new ArgumentException(
                    $"row {r}: sequence {s} is at position {expected}, but the row has position {p}");
            if (p >= _c.MaxPositions)
                throw new ArgumentException(
                    $"row {r}: position {p} is past the model's context of {_c.MaxPositions} tokens");
            next[s] = p + 1;
        }
        foreach (var (s, end) in next)
            cache.Get(s).EnsureCapacity(end);
    }
}
