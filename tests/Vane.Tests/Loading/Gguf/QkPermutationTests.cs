using Vane.Loading.Gguf;
using Vane.Tests.Model;

namespace Vane.Tests.Loading.Gguf;

/// <summary>The llama q/k row interleaving: its layout, its inverse, and that it matters.</summary>
public class QkPermutationTests
{
    [Fact]
    public void WriteOrderInterleavesTheHalvesOfEachHead()
    {
        // Two heads of width 4: HF rows (0 1 | 2 3) become GGUF rows 0 2 1 3 within each head.
        Assert.Equal([0, 2, 1, 3, 4, 6, 5, 7], QkPermutation.HfRowsForGguf(2, 4));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(8, 8)]
    [InlineData(2, 96)]
    public void PermuteThenUnpermuteIsIdentity(int heads, int dHead)
    {
        var values = GgufFixtures.Random(heads * dHead * 3, seed: 7); // [heads * dHead, 3]
        var written = QkPermutation.Apply(values, QkPermutation.HfRowsForGguf(heads, dHead), 3);
        var read = QkPermutation.Apply(written, QkPermutation.GgufRowsForHf(heads, dHead), 3);
        Assert.Equal(values, read);
        Assert.Equal(dHead == 2 && heads == 1, written.SequenceEqual(values));
    }

    [Fact]
    public void LoadingLlamaWithoutUnpermutingBreaksParity()
    {
        using var dir = new TempDir();
        string path = GgufModelParityTests.Convert(dir, "tiny-random-llama", GgmlType.F32);
        using var right = GgufModelLoader.Load(path);
        using var wrong = GgufModelLoader.Load(path, null, unpermuteQk: false);
        // With one token RoPE is the identity and q, k do not matter: take the longest prompt.
        var prompt = ReferenceCase.Load("tiny-random-llama").MaxBy(p => p.PromptIds.Length)!;
        Assert.True(prompt.PromptIds.Length > 2);

        float[] good = GgufModelParityTests.Logits(right, prompt.PromptIds);
        float[] bad = GgufModelParityTests.Logits(wrong, prompt.PromptIds);

        ReferenceCase.AssertClose(good, prompt.Logits, 1e-3, "unpermuted q/k");
        double worst = bad.Zip(prompt.Logits, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst > 1e-2, $"logits without un-permuting differ by only {worst:g3}");
    }

    [Fact]
    public void Qwen2IsNotPermuted()
    {
        using var dir = new TempDir();
        string path = GgufModelParityTests.Convert(dir, "tiny-random-qwen2", GgmlType.F32);
        using var gguf = GgufModelLoader.Load(path);
        using var file = GgufFile.Open(path);
        Assert.Equal(gguf.Layers[0].Q.ToArray(), file.ReadFloats("blk.0.attn_q.weight"));
    }
}
