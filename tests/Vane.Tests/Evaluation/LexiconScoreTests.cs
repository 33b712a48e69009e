using Vane.Evaluation;

namespace Vane.Tests.Evaluation;

public class LexiconScoreTests
{
    static readonly WordList Sea = new(["whale", "sea", "ship"]);

    [Fact]
    public void SplitsLowerCasesAndKeepsContractions()
    {
        Assert.Equal(["call", "me", "ishmael", "don't", "absent-minded", "1851"],
            Words.Split("Call me, ISHMAEL! Don\u2019t -- absent-minded (1851)."));
        Assert.Empty(Words.Split(" ... "));
    }

    [Theory]
    [InlineData("The whale and the sea.", 2.0 / 5)]
    [InlineData("Whales! SHIPS, seas", 1.0)]           // plural s
    [InlineData("The was is gas", 0.0)]                 // short words are not stemmed
    [InlineData("", 0.0)]
    public void ShareCountsListedWords(string text, double expected)
    {
        Assert.Equal(expected, LexiconScore.Share(text, Sea), 12);
    }

    [Fact]
    public void PolarityIsPositiveShareMinusNegativeShare()
    {
        var good = new WordList(["good", "great"]);
        var bad = new WordList(["bad"]);

        // 6 words: 2 positive, 1 negative
        Assert.Equal(1.0 / 6, LexiconScore.Polarity("good and great but bad, you", good, bad), 12);
    }

    [Fact]
    public void WordListFileSkipsCommentsAndBlanks()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("pos.txt"), "; opinion lexicon\n;\n\nGood\nsplendid\n");

        var list = WordList.Load(dir.File("pos.txt"));

        Assert.Equal(2, list.Count);
        Assert.True(list.Contains("good"));
    }

    [Fact]
    public void RealLiuListsScoreHandMadeText()
    {
        var pos = WordList.Load(SharedData.Path("data/lexicons/liu-positive.txt"));
        var neg = WordList.Load(SharedData.Path("data/lexicons/liu-negative.txt"));

        // "accurate" positive, "abysmal" negative, 4 words
        Assert.Equal(0.0, LexiconScore.Polarity("accurate but abysmal weather", pos, neg), 12);
        Assert.Equal(0.5, LexiconScore.Polarity("accurate accomplishments here today", pos, neg), 12);
    }

    [Fact]
    public void AfinnScoresWordByWord()
    {
        var afinn = AfinnLexicon.Load(SharedData.Path("data/lexicons/afinn-111.json"));

        // abandon -2, ability 2 (abilities listed too), aboard 1; 6 words
        var s = afinn.Score("They abandon ability and go aboard");

        Assert.Equal(new AfinnScore(1, 3, 6), s);
        Assert.Equal(1.0 / 6, s.MeanPerWord, 12);
        Assert.Equal(1.0 / 3, s.MeanPerMatch, 12);
        Assert.Equal(-3, afinn.ScoreOf("ABHORS"));
        Assert.Null(afinn.ScoreOf("whale"));
    }

    [Fact]
    public void AfinnSkipsPhrasesAndStemsPlurals()
    {
        var afinn = new AfinnLexicon(new Dictionary<string, int> { ["storm"] = -1, ["not good"] = -2 });

        Assert.Equal(1, afinn.Count);
        Assert.Equal(new AfinnScore(-2, 2, 3), afinn.Score("Storms, storm. not"));
    }

    [Theory]
    [InlineData("""[["good", 3], ["bad"]]""", "entry 1")]
    [InlineData("""[["good", "3"]]""", "entry 0")]
    [InlineData("""{"good": 3}""", "expected")]
    [InlineData("""[[""", "JSON")]
    public void MalformedAfinnFileNamesFileAndEntry(string json, string expected)
    {
        using var dir = new TempDir();
        string path = dir.File("afinn.json");
        File.WriteAllText(path, json);

        var e = Assert.Throws<InvalidDataException>(() => AfinnLexicon.Load(path));

        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }
}
