using System.Text;
using Microsoft.ML.Tokenizers;

namespace Attune.Text;

/// <summary>
/// The simple Hugging Face normalizers a byte-level BPE <c>tokenizer.json</c> may list (Lowercase, NFC, NFD, NFKC,
/// NFKD, StripAccents), applied in order.
/// </summary>
internal sealed class TextNormalizer : Normalizer
{
    private readonly Step[] _steps;

    /// <summary>Creates a normalizer.</summary>
    /// <param name="steps">The steps, in order.</param>
    public TextNormalizer(IEnumerable<Step> steps) => _steps = steps.ToArray();

    /// <summary>One normalization step.</summary>
    public enum Step
    {
        /// <summary>Lower-case (invariant culture).</summary>
        LowerCase,

        /// <summary>Unicode normalization form C.</summary>
        Nfc,

        /// <summary>Unicode normalization form D.</summary>
        Nfd,

        /// <summary>Unicode normalization form KC.</summary>
        Nfkc,

        /// <summary>Unicode normalization form KD.</summary>
        Nfkd,

        /// <summary>Remove accents (see <see cref="AccentFolding"/>).</summary>
        StripAccents,
    }

    /// <inheritdoc />
    public override string Normalize(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        string text = original;
        foreach (Step step in _steps)
        {
            text = step switch
            {
                Step.LowerCase => text.ToLowerInvariant(),
                Step.Nfc => text.Normalize(NormalizationForm.FormC),
                Step.Nfd => text.Normalize(NormalizationForm.FormD),
                Step.Nfkc => text.Normalize(NormalizationForm.FormKC),
                Step.Nfkd => text.Normalize(NormalizationForm.FormKD),
                Step.StripAccents => AccentFolding.StripAccents(text),
                _ => text,
            };
        }

        return text;
    }

    /// <inheritdoc />
    public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());
}
