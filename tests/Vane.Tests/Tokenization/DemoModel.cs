namespace Vane.Tests.Tokenization;

/// <summary>Paths of the shared vane-demo-3m model and its reference data.</summary>
internal static class DemoModel
{
    /// <summary>The model folder (SentencePiece tokenizer.model, 4096 pieces).</summary>
    public const string Folder = "/work/shared/models/vane-demo-3m";

    /// <summary>Reference prompts with the ids the Python tokenizer gave them.</summary>
    public const string Prompts = "/work/shared/reference/vane-demo-3m/prompts.jsonl";
}
