using Vane.Hooks;
using Vane.Model;
using Vane.Tokenization;

namespace Vane.Steering;

/// <summary>
/// An ActAdd steering (Turner et al.): per block, the difference of the activations of two
/// short prompts position by position, [Positions, DModel], added to the first positions of
/// the prompt being steered.
/// </summary>
/// <param name="DModel">Width of each row.</param>
/// <param name="Positions">Number of positions (the longer prompt's token count).</param>
/// <param name="Rows">By block: h(prompt+) - h(prompt-) [Positions, DModel] flattened.</param>
public sealed record ActAddVector(int DModel, int Positions, IReadOnlyDictionary<int, float[]> Rows);

/// <summary>Extracts and applies <see cref="ActAddVector"/>s.</summary>
public static class ActAdd
{
    /// <summary>
    /// h(positive) - h(negative) per position at hook_resid_post of <paramref name="layers"/>
    /// (all when null). The shorter prompt is padded at the end with the token of a single
    /// space (the end-of-text id when a space encodes to nothing), as ActAdd pads with spaces.
    /// Both are encoded with BOS when the tokenizer adds one.
    /// </summary>
    public static ActAddVector Extract(
        TransformerModel model,
        TextTokenizer tokenizer,
        string positive,
        string negative,
        LayerSelection? layers = null)
    {
        var c = model.Config;
        int[] l = (layers ?? LayerSelection.All).Resolve(c.NLayers);
        int[] p = tokenizer.Encode(positive), q = tokenizer.Encode(negative);
        int n = Math.Max(p.Length, q.Length);
        int pad = Pad(tokenizer);
        p = [.. p, .. Enumerable.Repeat(pad, n - p.Length)];
        q = [.. q, .. Enumerable.Repeat(pad, n - q.Length)];

        // both prompts in one batch: slot 0 positive, slot 1 negative
        var hooks = new HookSet(c);
        using var capture = new ActivationCapture(hooks,
            string.Join(",", l.Select(b => HookSites.Name(b, BlockSite.ResidPost))));
        new ForwardPass(model).Run(TokenBatch.Append([p, q], [0, 1], [0, 0]), new KvCache(c), hooks);

        var rows = new Dictionary<int, float[]>();
        foreach (int b in l)
        {
            string site = HookSites.Name(b, BlockSite.ResidPost);
            var hp = capture.Get(site, 0);
            var hq = capture.Get(site, 1);
            rows[b] = hp.Zip(hq, (x, y) => x - y).ToArray();
        }
        return new ActAddVector(c.DModel, n, rows);
    }

    /// <summary>
    /// Adds <paramref name="strength"/> times row k of <paramref name="vector"/> to the row at
    /// position k of every sequence, for k below vector.Positions, until disposed.
    /// </summary>
    public static IDisposable Apply(HookSet hooks, ActAddVector vector, float strength)
    {
        if (!float.IsFinite(strength))
            throw new ArgumentException($"strength {strength} is not a finite number", nameof(strength));
        if (vector.DModel != hooks.Config.DModel)
            throw new ArgumentException($"the vector has width {vector.DModel}, the model {hooks.Config.DModel}");
        string sites = string.Join(",", vector.Rows.Keys.Select(b => HookSites.Name(b, BlockSite.ResidPost)));
        int d = vector.DModel;
        return hooks.Add(sites, ctx =>
        {
            var rows = vector.Rows[ctx.Layer];
            for (int r = 0; r < ctx.Rows; r++)
            {
                int p = ctx.Positions[r];
                if (p >= vector.Positions)
                    continue;
                var h = ctx.Row(r);
                var add = rows.AsSpan(p * d, d);
                for (int j = 0; j < d; j++)
                    h[j] += strength * add[j];
            }
        });
    }

    static int Pad(TextTokenizer tokenizer)
    {
        int[] space = tokenizer.Encode(" ", addSpecial: false);
        return space.Length > 0 ? space[^1]
            : tokenizer.EosIds.Count > 0 ? tokenizer.EosIds[0]
            : throw new InvalidOperationException(
                "no token to pad with: a space encodes to nothing and there is no EOS");
    }
}
