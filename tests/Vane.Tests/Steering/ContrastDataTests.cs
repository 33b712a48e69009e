using Vane.Steering;
using Vane.Tokenization.Chat;

namespace Vane.Tests.Steering;

public class ContrastDataTests
{
    [Fact]
    public void JsonlReadsPairsAndSkipsBlankLines()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "pairs.jsonl");
        File.WriteAllText(path, "{\"positive\":\"a\",\"negative\":\"b\"}\n\n{\"positive\":\"c\",\"negative\":\"d\"}\n");
        Assert.Equal([new ContrastPair("a", "b"), new ContrastPair("c", "d")], JsonlPairs.Read(path));
    }

    [Theory]
    [InlineData("", "no contrast pairs")]
    [InlineData("{\"positive\":\"a\",\"negative\":\"b\"}\n{\"positive\":\"\",\"negative\":\"b\"}",
        ":2: \"positive\" is empty")]
    [InlineData("{\"positive\":\"a\",\"negative\":\"b\"}\n{\"positive\":\"a\"", ":2: malformed JSON")]
    [InlineData("{\"positive\":\"a\"}", ":1: \"negative\" is missing")]
    public void JsonlErrorsNameFileAndLine(string text, string expected)
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "bad.jsonl");
        File.WriteAllText(path, text);
        var e = Assert.Throws<InvalidDataException>(() => JsonlPairs.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void CaaPairsEndAtTheAnswerLetter()
    {
        var items = CaaItems.Read(SharedData.Path("data/steering/caa/generate/refusal/generate_dataset.json"));
        Assert.True(items.Count > 10);
        var pairs = CaaItems.ToPairs(items);
        Assert.EndsWith("\n\n(A", pairs[0].Positive);
        Assert.EndsWith("\n\n(B", pairs[0].Negative);
        Assert.StartsWith(items[0].Question, pairs[0].Positive);
    }

    [Fact]
    public void CaaWithChatPutsTheLetterInTheAssistantTurn()
    {
        var chat = ChatTemplates.Detect("{% for m in messages %}<|im_start|>{{ m.role }}{% endfor %}");
        var pairs = CaaItems.ToPairs([new CaaItem("Q?", "(B)", "(A)")], chat);
        Assert.Equal(ChatWrapping.Wrap(chat, "Q?", "(B"), pairs[0].Positive);
        Assert.EndsWith("assistant\n(B", pairs[0].Positive);
    }

    [Fact]
    public void PersonaTemplatesZipPersonasForEverySuffix()
    {
        var pairs = PersonaTemplates.Expand("Act as a {persona} person.", ["happy", "calm"], ["sad", "angry"],
            ["", "I"]);
        Assert.Equal(
        [
            new ContrastPair("Act as a happy person.", "Act as a sad person."),
            new ContrastPair("Act as a calm person.", "Act as a angry person."),
            new ContrastPair("Act as a happy person. I", "Act as a sad person. I"),
            new ContrastPair("Act as a calm person. I", "Act as a angry person. I"),
        ], pairs);
    }

    [Fact]
    public void PersonaTemplatesReadRepengSuffixesAndRejectBadInput()
    {
        var suffixes = PersonaTemplates.ReadSuffixes(
            SharedData.Path("data/steering/repeng/all_truncated_outputs.json"));
        Assert.True(suffixes.Count > 100);
        Assert.Throws<ArgumentException>(() => PersonaTemplates.Expand("no slot", ["a"], ["b"], [""]));
        Assert.Throws<ArgumentException>(() => PersonaTemplates.Expand("{persona}", ["a", "b"], ["c"], [""]));
    }

    [Fact]
    public void HashDependsOnOrderAndContent()
    {
        var a = new ContrastPair("x", "y");
        var b = new ContrastPair("xy", "");
        Assert.Equal(64, ContrastPair.Hash([a]).Length);
        Assert.Equal(ContrastPair.Hash([a, b]), ContrastPair.Hash([new("x", "y"), new("xy", "")]));
        Assert.NotEqual(ContrastPair.Hash([a, b]), ContrastPair.Hash([b, a]));
        Assert.NotEqual(ContrastPair.Hash([a]), ContrastPair.Hash([new("xy", "")]));
    }
}
