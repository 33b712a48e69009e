using Vane.Loading;

namespace Vane.Tests.Model;

/// <summary>
/// Logits, residual streams and greedy ids against the float64 reference implementation
/// in shared/reference, for the demo model and a tiny random model of each architecture.
/// </summary>
public class ReferenceParityTests
{
    public static TheoryData<string> Models => new()
    {
        "vane-demo-3m", "tiny-random-llama", "tiny-random-qwen2", "tiny-random-gpt2",
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void LastPositionLogitsAndResidualsMatch(string name)
    {
        using var model = HfModelLoader.Load(SharedData.Path($"models/{name}"));
        ReferenceCase.AssertLogitsAndResiduals(model, name, name);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void GreedyIdsMatchWithCache(string name)
    {
        using var model = HfModelLoader.Load(SharedData.Path($"models/{name}"));
        ReferenceCase.AssertGreedyIds(model, name, name);
    }
}
