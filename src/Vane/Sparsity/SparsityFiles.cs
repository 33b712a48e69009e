using System.Text.Json;
using System.Text.Json.Serialization;
using Vane.Loading;
using Vane.Model;

namespace Vane.Sparsity;

/// <summary>
/// Reads and writes calibrations and plans as JSON. Histograms are stored as their bin counts;
/// non-finite numbers are written as "NaN"/"Infinity" so that a bad file loads and then fails
/// with a message naming what is wrong.
/// </summary>
public static class SparsityFiles
{
    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = false,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(), new HistogramConverter() },
    };

    /// <summary>Writes <paramref name="calibration"/> to <paramref name="path"/> (atomically).</summary>
    public static void WriteCalibration(string path, Calibration calibration) =>
        Write(path, new CalibrationDto(Kind.Calibration, calibration.Model, calibration.Tokens,
            calibration.Sources, calibration.Layers, calibration.TokenIds?.ToArray()));

    /// <summary>Reads a calibration file; one written before token ids were stored loads with
    /// <see cref="Calibration.TokenIds"/> null.</summary>
    /// <exception cref="InvalidDataException">The file is not a Vane calibration file, holds
    /// non-finite statistics, or token ids outside the model's vocabulary.</exception>
    public static Calibration ReadCalibration(string path)
    {
        var dto = Read<CalibrationDto>(path, Kind.Calibration, d => d.Kind);
        if (dto.Model is null || dto.Layers is null)
            throw new InvalidDataException($"{path}: not a Vane sparsity calibration file (no Model or Layers)");
        if (dto.Layers.Count != dto.Model.NLayers)
            throw new InvalidDataException(
                $"{path}: {dto.Layers.Count} blocks of statistics, but its model has {dto.Model.NLayers}; recalibrate");
        foreach (var (layer, l) in dto.Layers.Select((x, i) => (x, i)))
        {
            if (layer?.Inputs is not { Length: 4 } inputs || inputs.Any(i => i?.Magnitudes is null
                    || i.WinaScores is null || i.ColumnNorms is null || i.ErrorCurve is null)
                || layer.MeanAbsUp is null || layer.ChessImportance is null)
                throw new InvalidDataException(
                    $"{path}: block {l} lacks statistics (expected 4 inputs, each with Magnitudes, WinaScores, " +
                    "ColumnNorms and ErrorCurve, and MeanAbsUp and ChessImportance); recalibrate");
            if (layer.MeanAbsUp.Any(v => !float.IsFinite(v)))
                throw new InvalidDataException($"{path}: block {l} has non-finite E|up_j|; recalibrate");
            foreach (var (input, k) in layer.Inputs.Select((x, i) => (x, (SparseInput)i)))
                if (input.ColumnNorms.Any(v => !float.IsFinite(v)) || input.ErrorCurve.Any(v => !double.IsFinite(v)))
                    throw new InvalidDataException(
                        $"{path}: block {l} input {k} has non-finite column norms or error curve; recalibrate");
        }
        if (dto.TokenIds?.Any(t => t < 0 || t >= dto.Model.VocabSize) ?? false)
            throw new InvalidDataException(
                $"{path}: token ids must be 0 to {dto.Model.VocabSize - 1} (the vocabulary); recalibrate");
        return new Calibration
        {
            Model = dto.Model,
            Tokens = dto.Tokens,
            Sources = dto.Sources,
            TokenIds = dto.TokenIds,
            Layers = dto.Layers,
        };
    }

    /// <summary>Reads a calibration file and checks that it was made for <paramref name="model"/>.</summary>
    /// <exception cref="InvalidDataException">As <see cref="ReadCalibration(string)"/>, or the
    /// calibration is for a model of other dimensions (the message names the file and both models).</exception>
    public static Calibration ReadCalibration(string path, TransformerModel model)
    {
        var calibration = ReadCalibration(path);
        calibration.Model.Check(model, $"calibration file {path}");
        return calibration;
    }

    /// <summary>Writes <paramref name="plan"/> to <paramref name="path"/> (atomically).</summary>
    public static void WritePlan(string path, SparsityPlan plan) =>
        Write(path, new PlanDto(Kind.Plan, plan.Model, plan.Method, plan.Target, plan.DenseTokens, plan.Layers,
            plan.RefineRounds));

    /// <summary>
    /// Reads a plan file. A CHESS plan written before rules named their readers masks the attention
    /// input for every reader; it loads masking q's copy alone, as CHESS does and as the same
    /// thresholds are built now. One written before refinement existed loads with
    /// <see cref="SparsityPlan.RefineRounds"/> 0.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a Vane plan, a threshold is not finite,
    /// a rule names a projection that does not read its input, or the refine rounds are
    /// negative.</exception>
    public static SparsityPlan ReadPlan(string path)
    {
        var dto = Read<PlanDto>(path, Kind.Plan, d => d.Kind);
        if (dto.Model is null || dto.Layers is null)
            throw new InvalidDataException($"{path}: not a Vane sparsity plan file (no Model or Layers)");
        if (dto.Layers.Count != dto.Model.NLayers)
            throw new InvalidDataException(
                $"{path}: rules for {dto.Layers.Count} blocks, but its model has {dto.Model.NLayers}; " +
                "rebuild the plan");
        for (int l = 0; l < dto.Layers.Count; l++)
        {
            if (dto.Layers[l] is not { Length: 4 } rules)
                throw new InvalidDataException(
                    $"{path}: block {l} has {dto.Layers[l]?.Length ?? 0} rules; expected 4 (Qkv, O, GateUp, Down)");
            foreach (var k in SparseInputs.All)
            {
                var r = rules[(int)k];
                if (r is null)
                    throw new InvalidDataException($"{path}: block {l} input {k} has no rule");
                if (!float.IsFinite(r.Threshold) || r.Threshold < 0 || (r.Scale?.Any(v => !float.IsFinite(v)) ?? false))
                    throw new InvalidDataException(
                        $"{path}: block {l} input {k} has threshold {r.Threshold} (expected finite, 0 or more) " +
                        "or non-finite scales; " +
                        "rebuild the plan from a good calibration");
                try
                {
                    SparseInputs.MaskedReaders(k, r);
                }
                catch (InvalidDataException e)
                {
                    throw new InvalidDataException($"{path}: block {l} {e.Message}", e);
                }
            }
            if (dto.Method == SparsityMethod.Chess && rules[(int)SparseInput.Qkv].Readers is null)
                rules[(int)SparseInput.Qkv] = rules[(int)SparseInput.Qkv] with { Readers = [Projection.Q] };
        }
        if (dto.RefineRounds < 0)
            throw new InvalidDataException($"{path}: RefineRounds is {dto.RefineRounds}; expected 0 or more");
        return new SparsityPlan
        {
            Model = dto.Model,
            Method = dto.Method,
            Target = dto.Target,
            DenseTokens = dto.DenseTokens,
            RefineRounds = dto.RefineRounds,
            Layers = dto.Layers,
        };
    }

    /// <summary>Reads a plan file and checks that it was made for <paramref name="model"/>.</summary>
    /// <exception cref="InvalidDataException">As <see cref="ReadPlan(string)"/>, or the plan is for a
    /// model of other dimensions (the message names the file and both models).</exception>
    public static SparsityPlan ReadPlan(string path, TransformerModel model)
    {
        var plan = ReadPlan(path);
        plan.Model.Check(model, $"sparsity plan {path}");
        return plan;
    }

    static void Write<T>(string path, T value) =>
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, value, Json));

    static T Read<T>(string path, Kind expected, Func<T, Kind> kind)
    {
        string what = expected.ToString().ToLowerInvariant();
        T? dto;
        try
        {
            using var s = File.OpenRead(path);
            dto = JsonSerializer.Deserialize<T>(s, Json);
        }
        catch (JsonException e) when (e.Path is not null)
        {
            // Say where in the file; the serializer's own words for a value it cannot convert name
            // .NET types, so those are replaced, and its position suffix is ours to write.
            string at = $"{e.Path} (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})";
            string problem = e switch
            {
                HistogramException => e.Message,
                _ when e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) =>
                    "a value of the wrong type or form",
                _ => "not valid JSON: "
                    + e.Message.Split([" Path:", " LineNumber:"], 2, StringSplitOptions.None)[0].TrimEnd('.'),
            };
            throw new InvalidDataException($"{path}: not a valid Vane sparsity {what} file: {problem} at {at}", e);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a Vane sparsity {what} file ({e.Message})", e);
        }
        if (dto is null || kind(dto) != expected)
            throw new InvalidDataException($"{path}: not a Vane sparsity {what} file");
        return dto;
    }

    enum Kind { None, Calibration, Plan }

    // Fields added later come last with defaults, so that older files still load.
    sealed record CalibrationDto(
        Kind Kind, ModelSignature Model, long Tokens, IReadOnlyList<string> Sources,
        IReadOnlyList<LayerCalibration> Layers, int[]? TokenIds = null);

    sealed record PlanDto(
        Kind Kind, ModelSignature Model, SparsityMethod Method, double Target, int DenseTokens,
        IReadOnlyList<InputRule[]> Layers, int RefineRounds = 0);

    /// <summary>A histogram that is not BinCount whole counts; the serializer adds its path.</summary>
    sealed class HistogramException(string message) : JsonException(message);

    sealed class HistogramConverter : JsonConverter<MagnitudeHistogram>
    {
        // Reads the counts itself (not through a nested Deserialize) so that errors keep the path
        // of the histogram in the file.
        public override MagnitudeHistogram Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions o)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
                throw new HistogramException($"histogram: expected an array of {MagnitudeHistogram.BinCount} counts");
            var counts = new List<long>(MagnitudeHistogram.BinCount);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long n) || n < 0)
                    throw new HistogramException($"histogram: bin {counts.Count} is not a whole count of 0 or more");
                counts.Add(n);
            }
            if (counts.Count != MagnitudeHistogram.BinCount)
                throw new HistogramException(
                    $"histogram: {counts.Count} bins, expected {MagnitudeHistogram.BinCount}");
            return new MagnitudeHistogram([.. counts]);
        }

        public override void Write(Utf8JsonWriter writer, MagnitudeHistogram value, JsonSerializerOptions o) =>
            JsonSerializer.Serialize(writer, value.Counts, o);
    }
}
