using Vane.Model;

namespace Vane.Sparsity;

/// <summary>
/// What a calibration or plan file records of its model (a name hint and the dimensions), so
/// that using it with another model fails with both named.
/// </summary>
/// <param name="Name">Folder or file name of the model, a hint for messages.</param>
/// <param name="Architecture">Architecture family.</param>
/// <param name="NLayers">Number of blocks.</param>
/// <param name="DModel">Residual width.</param>
/// <param name="NHeads">Query heads.</param>
/// <param name="NKvHeads">Key/value heads.</param>
/// <param name="DMlp">MLP hidden width.</param>
/// <param name="VocabSize">Vocabulary size.</param>
public sealed record ModelSignature(
    string Name,
    Architecture Architecture,
    int NLayers,
    int DModel,
    int NHeads,
    int NKvHeads,
    int DMlp,
    int VocabSize)
{
    /// <summary>The signature of <paramref name="model"/>.</summary>
    public static ModelSignature Of(TransformerModel model)
    {
        var c = model.Config;
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(model.Source));
        return new(name, c.Architecture, c.NLayers, c.DModel, c.NHeads, c.NKvHeads, c.DMlp, c.VocabSize);
    }

    /// <summary>Whether the dimensions (not the name) agree.</summary>
    public bool SameShape(ModelSignature other) => this with { Name = "" } == other with { Name = "" };

    /// <summary>
    /// Throws when <paramref name="model"/> has other dimensions than this file's model.
    /// </summary>
    /// <param name="model">The model the file is about to be used with.</param>
    /// <param name="what">What the file is, e.g. "calibration file x.json".</param>
    /// <exception cref="InvalidDataException">The dimensions differ.</exception>
    public void Check(TransformerModel model, string what)
    {
        var other = Of(model);
        if (!SameShape(other))
            throw new InvalidDataException(
                $"{what} was made for model '{Name}' ({Describe()}), but the model is '{other.Name}' " +
                $"({other.Describe()}); calibrate this model first");
    }

    /// <summary>The dimensions in one phrase.</summary>
    public string Describe() =>
        $"{Architecture}, {NLayers} layers, d_model {DModel}, {NHeads}/{NKvHeads} heads, " +
            $"d_mlp {DMlp}, vocab {VocabSize}";
}
