using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Attune.Text;

/// <summary>
/// A cheap guess whether a text is English, for the note that the built-in estimators read English. It errs towards
/// "English": a text is called non-English only when most of its letters are outside the Latin script, or when it has
/// at least four words and none of them is a common English function word.
/// </summary>
public static class EnglishText
{
    // Function words frequent in English and rare as words of other Latin-script languages (so not "so", "in", "a").
    private static readonly FrozenSet<string> Common = FrozenSet.ToFrozenSet(
    [
        "the", "and", "you", "i", "i'm", "im", "is", "are", "was", "were", "to", "of", "it", "it's", "that", "this", "my",
        "me", "for", "with", "not", "have", "has", "had", "be", "been", "your", "we", "they", "he", "she", "what", "just",
        "can", "can't", "don't", "do", "at", "on", "or", "but", "if", "all", "will", "would", "about", "there", "their",
        "from", "when", "how", "why", "who", "our", "them", "him", "her", "his", "like", "really", "very", "feel", "am",
        "an", "by", "no", "yes", "out", "up", "get", "got", "did", "does", "too", "than", "then", "now", "one", "more",
        "again", "today", "thank", "thanks", "please", "sorry", "love", "hate", "happy", "sad", "angry", "good", "bad",
    ], StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the text looks English (or is too short to tell).</summary>
    /// <param name="text">The text.</param>
    /// <returns>False when the text is most likely in another language.</returns>
    public static bool LooksEnglish(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int letters = 0, latin = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsLetter(rune)) continue;
            letters++;
            if (rune.Value < 0x250) latin++; // Basic Latin through Latin Extended-B
        }
        if (letters == 0) return true;
        if (latin * 2 < letters) return false;
        var words = text.Split((char[])[' ', '\t', '\n', '\r', ',', '.', '!', '?', ';', ':', '"', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
        int wordCount = words.Count(w => w.Any(char.IsLetter));
        if (wordCount < 4) return true;
        return words.Any(w => Common.Contains(w.Trim('\'', '’').ToLower(CultureInfo.InvariantCulture).Replace('’', '\'')));
    }
}
