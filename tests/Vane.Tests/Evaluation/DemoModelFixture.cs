using Vane.Loading;
using Vane.Model;
using Vane.Tokenization;

namespace Vane.Tests.Evaluation;

/// <summary>The demo model and its tokenizer, loaded once for a test class.</summary>
public sealed class DemoModelFixture : IDisposable
{
    /// <summary>vane-demo-3m.</summary>
    public TransformerModel Model { get; } = HfModelLoader.Load(SharedData.DemoModel);

    /// <summary>Its SentencePiece tokenizer.</summary>
    public TextTokenizer Tokenizer { get; } = TokenizerLoader.Load(SharedData.DemoModel);

    /// <summary>Unmaps the weights.</summary>
    public void Dispose() => Model.Dispose();
}
