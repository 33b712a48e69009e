using Vane.Hooks;
using Vane.Model;

namespace Vane.Sparsity;

/// <summary>
/// Collects the calibration statistics of one block from its four input sites: histograms,
/// E|up_j|, and a reservoir sample of token rows (all inputs and act(gate) of the same token).
/// </summary>
internal sealed class LayerCollector
{
    readonly LayerWeights _w;
    readonly ModelConfig _c;
    readonly int _cap;
    readonly Random _rng;
    readonly MagnitudeHistogram[] _mags = NewHistograms();
    readonly MagnitudeHistogram[] _wina = NewHistograms();
    readonly float[][] _norms;        // [4][width]
    readonly float[][] _sample;       // [4][cap * width]
    readonly float[] _sampleAct;      // [cap * DMlp]
    readonly double[] _sumAbsUp;      // [DMlp]
    long _upRows, _seen;
    int _filled;
    int[] _slots = [];                // slot of each row of the current pass, or -1

    public LayerCollector(LayerWeights w, ModelConfig c, int cap, int seed)
    {
        _w = w;
        _c = c;
        _cap = cap;
        _rng = new Random(seed);
        _norms = SparseInputs.All.Select(k => ColumnNorms.Of(SparseInputs.Matrices(w, k))).ToArray();
        _sample = SparseInputs.All.Select(k => new float[cap * SparseInputs.Width(c, k)]).ToArray();
        _sampleAct = new float[cap * c.DMlp];
        _sumAbsUp = new double[c.DMlp];
    }

    static MagnitudeHistogram[] NewHistograms() => [new(), new(), new(), new()];

    /// <summary>Registers one hook per input site of block <paramref name="layer"/>.</summary>
    public IEnumerable<IDisposable> Register(HookSet hooks, int layer) =>
        SparseInputs.All.Select(k => hooks.Add(SparseInputs.Site(layer, k), ctx => Observe(k, ctx)));

    void Observe(SparseInput kind, HookContext ctx)
    {
        if (kind == SparseInput.Qkv)
            AssignSlots(ctx.Rows);
        int width = ctx.Width, k = (int)kind;
        var norms = _norms[k];
        _mags[k].Add(ctx.Activations);
        for (int r = 0; r < ctx.Rows; r++)
        {
            var row = ctx.Row(r);
            for (int i = 0; i < width; i++)
                _wina[k].Add(MathF.Abs(row[i]) * norms[i]);
            if (_slots[r] >= 0)
                row.CopyTo(_sample[k].AsSpan(_slots[r] * width, width));
        }
        if (kind == SparseInput.GateUp)
            ObserveMlp(ctx.Activations, ctx.Rows);
    }

    void ObserveMlp(ReadOnlySpan<float> h, int rows)
    {
        int dMlp = _c.DMlp;
        var buf = new float[rows * dMlp];
        if (_w.Gate is not null)
        {
            MlpChannels.Up(_w, h, buf, rows);
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < dMlp; j++)
                    _sumAbsUp[j] += MathF.Abs(buf[r * dMlp + j]);
            _upRows += rows;
        }
        MlpChannels.Activation(_w, h, buf, rows);
        for (int r = 0; r < rows; r++)
            if (_slots[r] >= 0)
                buf.AsSpan(r * dMlp, dMlp).CopyTo(_sampleAct.AsSpan(_slots[r] * dMlp, dMlp));
    }

    /// <summary>Reservoir sampling (Algorithm R) of the rows of this pass.</summary>
    void AssignSlots(int rows)
    {
        _slots = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            _seen++;
            if (_filled < _cap)
                _slots[r] = _filled++;
            else
            {
                long j = _rng.NextInt64(_seen);
                _slots[r] = j < _cap ? (int)j : -1;
            }
        }
    }

    /// <summary>The statistics gathered so far.</summary>
    public LayerCalibration Finish(int curveRows)
    {
        var meanAbsUp = _w.Gate is null || _upRows == 0
            ? Enumerable.Repeat(1f, _c.DMlp).ToArray()
            : _sumAbsUp.Select(s => (float)(s / _upRows)).ToArray();
        var chess = new MagnitudeHistogram();
        for (int r = 0; r < _filled; r++)
            for (int j = 0; j < _c.DMlp; j++)
                chess.Add(MathF.Abs(_sampleAct[r * _c.DMlp + j]) * meanAbsUp[j]);

        int rows = Math.Min(curveRows, _filled);
        var inputs = SparseInputs.All.Select(k => new InputCalibration
        {
            Magnitudes = _mags[(int)k],
            WinaScores = _wina[(int)k],
            ColumnNorms = _norms[(int)k],
            ErrorCurve = ErrorCurves.Measure(SparseInputs.Matrices(_w, k), _mags[(int)k],
                _sample[(int)k].AsSpan(0, rows * SparseInputs.Width(_c, k)), rows),
        }).ToArray();
        return new LayerCalibration { Inputs = inputs, MeanAbsUp = meanAbsUp, ChessImportance = chess };
    }
}
