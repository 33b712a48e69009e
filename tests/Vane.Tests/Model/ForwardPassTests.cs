using Vane.Loading;
using Vane.Model;
using Vane.Tests.Loading;

namespace Vane.Tests.Model;

public class ForwardPassTests
{
    [Theory]
    [InlineData("tiny-random-llama")]
    [InlineData("tiny-random-qwen2")]
    [InlineData("tiny-random-gpt2")]
    public void IncrementalDecodeEqualsOnePass(string name)
    {
        using var model = HfModelLoader.Load(SharedData.Path($"models/{name}"));
        var pass = new ForwardPass(model);
        int[] tokens = [3, 9, 27, 81 % model.Config.VocabSize, 5, 6];
        float[] all = pass.Run(TokenBatch.Single(tokens, allLogits: true), new KvCache(model.Config));

        var cache = new KvCache(model.Config);
        pass.Run(TokenBatch.Single(tokens[..2]), cache);
        for (int i = 2; i < tokens.Length; i++)
        {
            float[] step = pass.Run(new TokenBatch([tokens[i]], [i], [0], [0]), cache);
            ReferenceCase.AssertClose(step, all.AsSpan(i * model.Config.VocabSize, model.Config.VocabSize), 1e-5,
                $"position {i}");
        }
    }

    [Fact]
    public void BatchedSequencesEqualSeparateRuns()
    {
        using var model = HfModelLoader.Load(SharedData.DemoModel);
        var pass = new ForwardPass(model);
        int[][] prompts = [[1, 368, 400], [1, 2000], [1, 5, 6, 7, 8, 9]];
        float[] batched = pass.Run(TokenBatch.Append(prompts, [0, 1, 2], [0, 0, 0]), new KvCache(model.Config));
        int v = model.Config.VocabSize;
        for (int i = 0; i < prompts.Length; i++)
        {
            float[] alone = pass.Run(TokenBatch.Single(prompts[i]), new KvCache(model.Config));
            ReferenceCase.AssertClose(batched.AsSpan(i * v, v), alone, 1e-5, $"prompt {i}");
        }
    }

    [Fact]
    public void ShardedCheckpointLoadsTheSameModel()
    {
        using var dir = new TempDir();
        string tiny = SharedData.Path("models/tiny-random-llama");
        ModelFixtures.CopyFolder(tiny, dir.Path);
        using (var src = SafeTensorsFile.Open(Path.Combine(tiny, "model.safetensors")))
        {
            var names = src.Tensors.Keys.Order().ToList();
            var halves = new[] { names[..(names.Count / 2)], names[(names.Count / 2)..] };
            var map = new Dictionary<string, string>();
            for (int s = 0; s < 2; s++)
            {
                string file = $"model-0000{s + 1}-of-00002.safetensors";
                SafeTensorsWriter.Write(dir.File(file), halves[s].Select(n =>
                    new TensorToWrite(n, src.Tensors[n].Shape, src.ReadFloats(n, src.Tensors[n].Shape))));
                foreach (string n in halves[s])
                    map[n] = file;
            }
            File.WriteAllText(dir.File("model.safetensors.index.json"),
                System.Text.Json.JsonSerializer.Serialize(new { metadata = new { }, weight_map = map }));
        }
        using var sharded = HfModelLoader.Load(dir.Path);
        using var single = HfModelLoader.Load(tiny);
        int[] prompt = [4, 8, 15, 16, 23, 42];
        Assert.Equal(
            new ForwardPass(single).Run(TokenBatch.Single(prompt), new KvCache(single.Config)),
            new ForwardPass(sharded).Run(TokenBatch.Single(prompt), new KvCache(sharded.Config)));
    }

    [Fact]
    public void BadBatchesAreRejected()
    {
        using var model = HfModelLoader.Load(SharedData.Path("models/tiny-random-llama"));
        var pass = new ForwardPass(model);
        var c = model.Config;
        var badToken = TokenBatch.Single([c.VocabSize]);
        var gap = new TokenBatch([1], [3], [0], [0]);
        var tooLong = TokenBatch.Single(new int[c.MaxPositions + 1]);
        Assert.Contains("outside the vocabulary",
            Assert.Throws<ArgumentOutOfRangeException>(() => pass.Run(badToken, new KvCache(c))).Message);
        Assert.Contains("is at position 0",
            Assert.Throws<ArgumentException>(() => pass.Run(gap, new KvCache(c))).Message);
        Assert.Contains("context",
            Assert.Throws<ArgumentException>(() => pass.Run(tooLong, new KvCache(c))).Message);
    }
}
