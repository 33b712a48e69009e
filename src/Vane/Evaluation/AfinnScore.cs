namespace Vane.Evaluation;

/// <summary>AFINN sentiment of one text.</summary>
/// <param name="Total">Sum of the scores (-5 to 5 each) of the words found in the lexicon.</param>
/// <param name="Matched">Words found in the lexicon.</param>
/// <param name="Words">Words in the text.</param>
public sealed record AfinnScore(int Total, int Matched, int Words)
{
    /// <summary>Score per word of text (words not in the lexicon count 0); 0 for no words.</summary>
    public double MeanPerWord => Words == 0 ? 0 : (double)Total / Words;

    /// <summary>Mean score of the matched words (-5 to 5); 0 when none matched.</summary>
    public double MeanPerMatch => Matched == 0 ? 0 : (double)Total / Matched;
}
