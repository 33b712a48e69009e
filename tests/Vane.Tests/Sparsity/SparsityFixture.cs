using System.Collections.Concurrent;
using Vane.Loading;
using Vane.Model;
using Vane.Sparsity;
using Vane.Tokenization;

namespace Vane.Tests.Sparsity;

/// <summary>The demo model calibrated once on a slice of tinyshakespeare, shared by the tests.</summary>
public sealed class SparsityFixture : IDisposable
{
    /// <summary>The demo model.</summary>
    public TransformerModel Model { get; }
    /// <summary>Its tokenizer.</summary>
    public TextTokenizer Tokenizer { get; }
    /// <summary>Calibration on 16384 tokens.</summary>
    public Calibration Calibration { get; }
    /// <summary>Held-out tokens (shakespeare-heldout), 2048 at most.</summary>
    public int[] HeldOut { get; }

    /// <summary>Refinement runs on the first 4096 calibration tokens, to keep the tests quick.</summary>
    public CalibrationOptions RefineOptions { get; } = new() { MaxTokens = 4096 };

    readonly ConcurrentDictionary<(SparsityMethod, double), SparsityPlan> _refined = new();

    /// <summary>
    /// The plan of <paramref name="method"/> at <paramref name="target"/>, refined by the default
    /// rounds on <see cref="RefineOptions"/>' tokens; built once and shared by the tests.
    /// </summary>
    public SparsityPlan Refined(SparsityMethod method, double target) =>
        _refined.GetOrAdd((method, target), _ => PlanRefiner.Refine(
            PlanBuilder.Build(Calibration, Model, method, target), Model, Calibration.TokenIds!,
            options: RefineOptions));

    /// <summary>Loads and calibrates.</summary>
    public SparsityFixture()
    {
        Model = ModelLoader.Load(SharedData.DemoModel);
        Tokenizer = ModelLoader.LoadTokenizer(SharedData.DemoModel)!;
        string text = File.ReadAllText(SharedData.Path("data/text/tinyshakespeare.txt"))[..240000];
        Calibration = Calibrator.Run(Model, Tokenizer.Encode(text, addSpecial: true), ["tinyshakespeare"],
            new CalibrationOptions { MaxTokens = 16384, SampleRows = 256, CurveRows = 64 });
        string held = File.ReadAllText(SharedData.Path("data/text/shakespeare-heldout.txt"));
        HeldOut = Tokenizer.Encode(held, addSpecial: true).Take(2048).ToArray();
    }

    /// <summary>Unloads the model.</summary>
    public void Dispose() => Model.Dispose();
}
