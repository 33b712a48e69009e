namespace Vane.Steering;

/// <summary>One cell of a layer x strength sweep.</summary>
/// <param name="Layer">Block the vector was added at (its hook_resid_post).</param>
/// <param name="Strength">Multiplier of the vector.</param>
/// <param name="Effect">Effect measure (see <see cref="SteerReport.EffectMeasure"/>); larger is more steering.</param>
/// <param name="TargetShare">Share of generated words in the target word list, or null without one.</param>
/// <param name="OppositeShare">Share of generated words in the opposite word list, or null without one.</param>
/// <param name="Perplexity">Perplexity of the off-target text under the steered model, or null.</param>
/// <param name="PerplexityRise">Relative rise of that perplexity over the unsteered model (0.1 = +10%).</param>
/// <param name="Kl">Mean KL(unsteered || steered) of next-token distributions on the prompts.</param>
public sealed record SweepCell(
    int Layer,
    float Strength,
    double Effect,
    double? TargetShare,
    double? OppositeShare,
    double? Perplexity,
    double PerplexityRise,
    double Kl);

/// <summary>Extraction quality of the vector at one block.</summary>
/// <param name="Layer">Block index.</param>
/// <param name="Norm">Length of the direction.</param>
/// <param name="SignAgreement">Share of training pairs whose positive projects above the negative.</param>
/// <param name="Separation">Held-out accuracy of sign((x - midpoint) . v).</param>
/// <param name="ExplainedVariance">Share of variance on the first component (PCA methods), else null.</param>
public sealed record LayerQuality(
    int Layer, double Norm, double SignAgreement, double Separation, double? ExplainedVariance);

/// <summary>A prompt's continuation with and without the chosen steering.</summary>
/// <param name="Prompt">The prompt text.</param>
/// <param name="Unsteered">Greedy continuation of the plain model.</param>
/// <param name="Steered">Greedy continuation with the chosen vector.</param>
/// <param name="Negated">Greedy continuation with the vector at minus the chosen strength.</param>
public sealed record SampleRow(string Prompt, string Unsteered, string Steered, string Negated);

/// <summary>Dynamic Activation Composition at the chosen block (methods.md section 5), beside fixed strength.</summary>
/// <param name="MaxStrength">a_max: twice the chosen fixed strength.</param>
/// <param name="TargetShare">Share of target words in DAC's continuations, or null without a word list.</param>
/// <param name="OppositeShare">Share of opposite words, or null.</param>
/// <param name="MeanStrengthEarly">Mean a_t over the first 5 steps (all prompts).</param>
/// <param name="MeanStrengthLate">Mean a_t over the last 10 steps.</param>
/// <param name="MeanStrengthByStep">Mean a_t at each step, over prompts.</param>
/// <param name="Samples">(prompt, DAC continuation) pairs.</param>
public sealed record DynamicSection(
    float MaxStrength,
    double? TargetShare,
    double? OppositeShare,
    double MeanStrengthEarly,
    double MeanStrengthLate,
    IReadOnlyList<double> MeanStrengthByStep,
    IReadOnlyList<DacSample> Samples);

/// <summary>A prompt and its DAC continuation.</summary>
/// <param name="Prompt">The prompt text.</param>
/// <param name="Text">The continuation.</param>
public sealed record DacSample(string Prompt, string Text);

/// <summary>The chosen vector gated by a CAST condition (methods.md section 4) on the eval prompts.</summary>
/// <param name="Condition">The condition's name.</param>
/// <param name="Holds">Prompts on which the condition held.</param>
/// <param name="ChangedWhereHolds">Of those, continuations that differ from the unsteered ones.</param>
/// <param name="IdenticalWhereNot">Of the others, continuations identical to the unsteered ones.</param>
/// <param name="Rows">Per prompt: the decision and the gated continuation.</param>
public sealed record ConditionalSection(
    string Condition,
    int Holds,
    int ChangedWhereHolds,
    int IdenticalWhereNot,
    IReadOnlyList<GatedSample> Rows);

/// <summary>One prompt under conditional steering.</summary>
/// <param name="Prompt">The prompt text.</param>
/// <param name="Holds">Whether the condition held on its prompt pass.</param>
/// <param name="Text">The gated continuation.</param>
public sealed record GatedSample(string Prompt, bool Holds, string Text);

/// <summary>Activation transport (methods.md section 6) on the eval prompts at several strengths.</summary>
/// <param name="Sites">The transported sites.</param>
/// <param name="Lambdas">The strengths lambda measured.</param>
/// <param name="TargetShares">Share of target words at each lambda, or null without a word list.</param>
/// <param name="IdenticalAtZero">Whether lambda = 0 gave token-identical continuations to the unsteered run.</param>
/// <param name="Samples">(prompt, continuation at lambda = 1).</param>
public sealed record TransportSection(
    IReadOnlyList<string> Sites,
    IReadOnlyList<float> Lambdas,
    IReadOnlyList<double>? TargetShares,
    bool IdenticalAtZero,
    IReadOnlyList<DacSample> Samples);

/// <summary>Everything `vane steer` found, written as report.json and drawn in report.html.</summary>
public sealed record SteerReport
{
    /// <summary>The --model value.</summary>
    public required string Model { get; init; }
    /// <summary>The pair file.</summary>
    public required string Pairs { get; init; }
    /// <summary>Extraction method name.</summary>
    public required string Method { get; init; }
    /// <summary>Read position name.</summary>
    public required string ReadPosition { get; init; }
    /// <summary>Pairs used to extract.</summary>
    public required int TrainPairs { get; init; }
    /// <summary>Pairs held out for separation.</summary>
    public required int HeldOutPairs { get; init; }
    /// <summary>What <see cref="SweepCell.Effect"/> measures, in words.</summary>
    public required string EffectMeasure { get; init; }
    /// <summary>The selection rule, in words.</summary>
    public required string SelectionRule { get; init; }
    /// <summary>Quality of the vector at every block.</summary>
    public required IReadOnlyList<LayerQuality> Layers { get; init; }
    /// <summary>The unsteered baseline (layer -1, strength 0).</summary>
    public required SweepCell Baseline { get; init; }
    /// <summary>Every swept cell.</summary>
    public required IReadOnlyList<SweepCell> Sweep { get; init; }
    /// <summary>The chosen cell, or null when none passed the side-effect cap.</summary>
    public SweepCell? Chosen { get; init; }
    /// <summary>The chosen vector at minus the chosen strength (the opposite direction), if measured.</summary>
    public SweepCell? ChosenNegated { get; init; }
    /// <summary>Continuations side by side at the chosen cell.</summary>
    public IReadOnlyList<SampleRow> Samples { get; init; } = [];
    /// <summary>The DAC comparison when asked for (--dac), else null.</summary>
    public DynamicSection? Dynamic { get; init; }
    /// <summary>The CAST comparison when a condition was given (--when), else null.</summary>
    public ConditionalSection? Conditional { get; init; }
    /// <summary>The transport comparison when a transport file was given (--transport), else null.</summary>
    public TransportSection? Transport { get; init; }
    /// <summary>Seconds each stage took.</summary>
    public IReadOnlyDictionary<string, double> Timings { get; init; } = new Dictionary<string, double>();
}
