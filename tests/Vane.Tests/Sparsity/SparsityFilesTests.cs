using System.Text.Json.Nodes;
using Vane.Loading;
using Vane.Sparsity;

namespace Vane.Tests.Sparsity;

/// <summary>Broken calibration and plan files fail on reading, naming the file and the place.</summary>
public sealed class SparsityFilesTests : IDisposable
{
    readonly Vane.Model.TransformerModel _model = ModelLoader.Load(SharedData.Path("models/tiny-random-llama"));
    readonly TempDir _dir = new();
    readonly string _cal, _plan;

    public SparsityFilesTests()
    {
        var random = new Random(3);
        int[] tokens = Enumerable.Range(0, 256).Select(_ => random.Next(_model.Config.VocabSize)).ToArray();
        var calibration = Calibrator.Run(_model, tokens, ["random tokens"],
            new CalibrationOptions { MaxTokens = 256, SampleRows = 32, CurveRows = 8 });
        _cal = _dir.File("cal.json");
        _plan = _dir.File("plan.json");
        SparsityFiles.WriteCalibration(_cal, calibration);
        SparsityFiles.WritePlan(_plan, PlanBuilder.Build(calibration, _model, SparsityMethod.TealUniform, 0.5));
    }

    public void Dispose()
    {
        _model.Dispose();
        _dir.Dispose();
    }

    static void Edit(string path, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
    }

    [Fact]
    public void ACalibrationMissingABlockIsAnError()
    {
        Edit(_cal, j => j["Layers"]!.AsArray().RemoveAt(0));
        var e = Assert.Throws<InvalidDataException>(() => SparsityFiles.ReadCalibration(_cal));
        Assert.Contains(_cal, e.Message);
        Assert.Contains($"{_model.Config.NLayers - 1} blocks of statistics, but its model has {_model.Config.NLayers}",
            e.Message);
    }

    [Theory]
    [InlineData("\"abc\"", "bin 5 is not a whole count")]
    [InlineData("-4", "bin 5 is not a whole count")]
    [InlineData("1.5", "bin 5 is not a whole count")]
    public void ABadHistogramCountNamesItsPlace(string value, string expected)
    {
        Edit(_cal, j => j["Layers"]![1]!["Inputs"]![2]!["Magnitudes"]![5] = JsonNode.Parse(value));
        var e = Assert.Throws<InvalidDataException>(() => SparsityFiles.ReadCalibration(_cal));
        Assert.Contains(_cal, e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Contains("$.Layers[1].Inputs[2].Magnitudes", e.Message);
    }

    [Fact]
    public void AShortHistogramNamesItsPlace()
    {
        Edit(_cal, j => j["Layers"]![0]!["ChessImportance"] = new JsonArray(1, 2, 3));
        var e = Assert.Throws<InvalidDataException>(() => SparsityFiles.ReadCalibration(_cal));
        Assert.Contains($"3 bins, expected {MagnitudeHistogram.BinCount}", e.Message);
        Assert.Contains("$.Layers[0].ChessImportance", e.Message);
    }

    [Fact]
    public void ATruncatedCalibrationSaysItIsNotValidJsonAndWhere()
    {
        string text = File.ReadAllText(_cal);
        File.WriteAllText(_cal, text[..(text.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => SparsityFiles.ReadCalibration(_cal));
        Assert.Contains(_cal, e.Message);
        Assert.Contains("not valid JSON: ", e.Message);
        Assert.Contains(" at $.Layers[", e.Message);
    }

    [Fact]
    public void ACalibrationForAnotherModelNamesTheFile()
    {
        using var other = ModelLoader.Load(SharedData.DemoModel);
        var e = Assert.Throws<InvalidDataException>(() => SparsityFiles.ReadCalibration(_cal, other));
        Assert.Contains($"calibration file {_cal}", e.Message);
        Assert.Contains("vane-demo-3m", e.Message);
    }

    [Fact]
    public void APlanWithAWrongBlockCountOrANegativeThresholdIsAnError()
    {
        string plan2 = _dir.File("plan2.json");
        File.Copy(_plan, plan2);
        Edit(_plan, j => j["Layers"]!.AsArray().RemoveAt(1));
        var e = Assert.Throws<InvalidDataException>(() => SparsityFiles.ReadPlan(_plan));
        Assert.Contains(_plan, e.Message);
        Assert.Contains("rules for", e.Message);

        Edit(plan2, j => j["Layers"]![0]![3]!["Threshold"] = -0.5);
        var e2 = Assert.Throws<InvalidDataException>(() => SparsityFiles.ReadPlan(plan2));
        Assert.Contains("block 0 input Down has threshold -0.5", e2.Message);
    }

    [Fact]
    public void AThresholdOfTheWrongTypeSaysWhereNotWhichDotNetType()
    {
        Edit(_plan, j => j["Layers"]![0]![1]!["Threshold"] = "small");
        var e = Assert.Throws<InvalidDataException>(() => SparsityFiles.ReadPlan(_plan));
        Assert.Contains(_plan, e.Message);
        Assert.Contains("$.Layers[0][1].Threshold", e.Message);
        Assert.DoesNotContain("Vane.Sparsity", e.Message);
    }
}
