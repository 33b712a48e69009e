using Vane.Hooks;
using Vane.Steering;
using Vane.Steering.Files;
using Vane.Tests.Cli;
using Vane.Tests.Evaluation;

namespace Vane.Tests.Steering.Conditional;

/// <summary>Every error path of conditions and rules, and the rule expressions.</summary>
public sealed class ConditionErrorTests(DemoModelFixture demo) : IClassFixture<DemoModelFixture>
{
    static SteeringVector Vector(int d) =>
        new(d, new Dictionary<int, float[]> { [1] = Enumerable.Repeat(0.1f, d).ToArray() });

    [Theory]
    [InlineData(1.5f)]
    [InlineData(-1.01f)]
    [InlineData(float.NaN)]
    public void ThresholdOutsideMinusOneToOneIsRejected(float theta)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Condition("sea", Vector(192), [1], theta));
        Assert.Contains("outside [-1, 1]", e.Message);
    }

    [Fact]
    public void UnknownRuleVariableIsNamed()
    {
        var c = new Condition("sea", Vector(192), [1], 0.2f);
        var rule = new SteeringRule(RuleExpression.Parse("sea and not war"), Vector(192));
        var e = Assert.Throws<ArgumentException>(() =>
            ConditionalSteering.Apply(new HookSet(demo.Model.Config), PromptLengths.Same(4), [c], [rule]));
        Assert.Contains("unknown condition 'war'", e.Message);
    }

    [Fact]
    public void ConditionForAnotherWidthIsRejected()
    {
        var c = new Condition("sea", Vector(64), [1], 0.2f);
        var e = Assert.Throws<ArgumentException>(() =>
            ConditionalSteering.Apply(new HookSet(demo.Model.Config), PromptLengths.Same(4), [c], []));
        Assert.Contains("width 64", e.Message);
        Assert.Contains("192", e.Message);
    }

    [Fact]
    public void RulesFileErrorsReachTheCommandLine()
    {
        using var dir = new TempDir();
        ControlVectorFile.Write(Vector(192), dir.File("c.gguf"));
        ControlVectorFile.Write(Vector(64), dir.File("narrow.gguf"));
        string Rules(string vector, double theta, string when) =>
            $$"""{"conditions": [{"name": "sea", "vector": "{{vector}}", "layers": """ +
            $$"""[1], "threshold": {{theta}}}], "rules": """ +
            $$"""[{"if": "{{when}}", "then": "c.gguf:2"}]}""";
        File.WriteAllText(dir.File("unknown.json"), Rules("c.gguf", 0.2, "sea or war"));
        File.WriteAllText(dir.File("theta.json"), Rules("c.gguf", 1.5, "sea"));
        File.WriteAllText(dir.File("width.json"), Rules("narrow.gguf", 0.2, "sea"));
        foreach (var (file, expected) in new[]
                 {
                     ("unknown.json", "unknown condition 'war'"), ("theta.json", "outside [-1, 1]"),
                     ("width.json", "width 64"),
                 })
        {
            var (code, _, err) = CliRunner.Run("generate", "-m", SharedData.DemoModel, "-p", "The whale", "-n", "2",
                "--rules", dir.File(file));
            Assert.Equal(1, code);
            Assert.Contains(expected, err);
        }
    }

    [Theory]
    [InlineData("a or b", false, true, true)]
    [InlineData("a and not b", true, false, true)]
    [InlineData("a and not b", true, true, false)]
    [InlineData("not (a or b)", false, false, true)]
    [InlineData("a or b and not a", true, false, true)]
    public void RuleExpressionsEvaluateWithNotAndOrPrecedence(string text, bool a, bool b, bool expected)
    {
        var e = RuleExpression.Parse(text);
        Assert.Equal(expected, e.Evaluate(n => n == "a" ? a : b));
    }

    [Theory]
    [InlineData("a and")]
    [InlineData("(a or b")]
    [InlineData("a b")]
    [InlineData("")]
    public void MalformedRulesAreFormatErrors(string text) =>
        Assert.Throws<FormatException>(() => RuleExpression.Parse(text));
}
