using System.Globalization;
using System.Runtime.CompilerServices;

namespace Attune.Emotions;

/// <summary>
/// Turns a text into hashed sparse features: token unigrams, bigrams and trigrams, and character n-grams of words.
/// Tokens are lower-cased words (letters, digits and inner apostrophes; letters repeated three or more times are cut
/// to two, "soooo" → "soo"), emoji and other pictographic symbols, the masks <c>[NAME]</c> and <c>[RELIGION]</c>,
/// runs of <c>!</c> and <c>?</c>, ellipses, the sarcasm tag <c>/s</c>, common emoticons (<c>:)</c>, <c>:(</c>,
/// <c>:D</c>, <c>;)</c>, <c>&lt;3</c>…), plus marker tokens for shouted (all-caps) and stretched words.
/// Each feature group's entries get the value <c>weight / sqrt(count of entries in the group)</c>.
/// Hashes are FNV-1a over UTF-16 code units followed by a 64-bit finaliser: stable across platforms and runs.
/// Instances are immutable and thread-safe.
/// </summary>
public sealed class HashedFeaturizer
{
    /// <summary>Only the first <see cref="MaxCharacters"/> characters of a text are read.</summary>
    public const int MaxCharacters = 2000;

    private const int MaxWordLength = 40;
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;
    private const byte UnigramGroup = 0;
    private const byte BigramGroup = 1;
    private const byte TrigramGroup = 2;
    private const byte CharGroup = 3;
    private const int GroupCount = 4;

    private static readonly ulong StartToken = HashString("<s>");
    private static readonly ulong EndToken = HashString("</s>");
    private static readonly ulong AllCapsToken = HashString("<caps>");
    private static readonly ulong StretchedToken = HashString("<stretch>");
    private static readonly ulong ManyMarksToken = HashString("<!!!>");

    private readonly ulong _seed;
    private readonly int _shift;
    private readonly float[] _weights;

    /// <summary>Creates a featurizer.</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public HashedFeaturizer(HashedFeaturizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _seed = Mix(options.HashSeed + 0x51ED270B27F3A1C5UL);
        _shift = 64 - options.BucketBits;
        _weights = [options.UnigramWeight, options.BigramWeight, options.TrigramWeight, options.CharWeight];
    }

    /// <summary>The settings.</summary>
    public HashedFeaturizerOptions Options { get; }

    /// <summary>The number of buckets; every feature bucket is below this.</summary>
    public int BucketCount => Options.BucketCount;

    /// <summary>Clears <paramref name="features"/> and fills it with the features of <paramref name="text"/>.</summary>
    /// <param name="text">The text; only the first <see cref="MaxCharacters"/> characters are read.</param>
    /// <param name="features">The vector to fill.</param>
    public void Featurize(ReadOnlySpan<char> text, SparseFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        features.Clear();
        var sink = new FeatureSink(this, features);
        Tokenize(text, ref sink);
        if (sink.State.Count > 0)
        {
            if (_weights[BigramGroup] > 0f)
            {
                features.Append(Bucket(Combine(sink.State.Previous, EndToken), BigramGroup), BigramGroup);
            }

            SetValues(features);
        }
    }

    /// <summary>Returns the features of a text in a new vector (convenience for tests and tools).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The features.</returns>
    public SparseFeatures Featurize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var features = new SparseFeatures();
        Featurize(text.AsSpan(), features);
        return features;
    }

    /// <summary>Splits a text into the tokens the featurizer hashes (for inspection and tests; markers included).</summary>
    /// <param name="text">The text; only the first <see cref="MaxCharacters"/> characters are read.</param>
    /// <returns>The tokens, in order.</returns>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sink = new StringSink([]);
        Tokenize(text.AsSpan(), ref sink);
        return sink.Tokens;
    }

    private static void Tokenize<TSink>(ReadOnlySpan<char> text, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        if (text.Length > MaxCharacters)
        {
            text = text[..MaxCharacters];
        }

        // word[0] and word[length + 1] are reserved for the '<' '>' padding of character n-grams.
        Span<char> word = stackalloc char[MaxWordLength + 2];
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (IsWordChar(c))
            {
                int length = 0, letters = 0, uppers = 0;
                bool stretched = false;
                while (i < text.Length)
                {
                    char ch = text[i];
                    if (IsApostrophe(ch))
                    {
                        // Keep an apostrophe only between word characters ("don't"), not around a word ("'quoted'").
                        if (length == 0 || i + 1 >= text.Length || !IsWordChar(text[i + 1]))
                        {
                            break;
                        }

                        ch = '\'';
                    }
                    else if (!IsWordChar(ch))
                    {
                        break;
                    }

                    if (char.IsLetter(ch))
                    {
                        letters++;
                        if (char.IsUpper(ch))
                        {
                            uppers++;
                        }
                    }

                    char lower = char.ToLowerInvariant(ch);
                    i++;
                    if (length >= 2 && word[length] == lower && word[length - 1] == lower)
                    {
                        stretched = true;
                        continue;
                    }

                    if (length < MaxWordLength)
                    {
                        word[length + 1] = lower;
                        length++;
                    }
                }

                sink.OnWord(word, length);
                if (letters >= 2 && uppers == letters)
                {
                    sink.OnMarker(AllCapsToken, "<caps>");
                }

                if (stretched)
                {
                    sink.OnMarker(StretchedToken, "<stretch>");
                }

                continue;
            }

            int consumed = MatchSymbol(text, i, out string? token, out bool manyMarks);
            if (token is not null)
            {
                sink.OnSymbol(token);
            }

            if (manyMarks)
            {
                sink.OnMarker(ManyMarksToken, "<!!!>");
            }

            i += consumed > 0 ? consumed : 1;
        }
    }

    /// <summary>Recognises a non-word token at <paramref name="i"/>; returns the characters consumed (0: none, skip one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int MatchSymbol(ReadOnlySpan<char> text, int i, out string? token, out bool manyMarks)
    {
        token = null;
        manyMarks = false;
        char c = text[i];
        switch (c)
        {
            case '[':
                if (StartsWithIgnoreCase(text, i, "[name]"))
                {
                    token = "[name]";
                    return 6;
                }

                if (StartsWithIgnoreCase(text, i, "[religion]"))
                {
                    token = "[religion]";
                    return 10;
                }

                return 1;
            case '!':
            case '?':
            {
                int j = i;
                bool bang = false, question = false;
                while (j < text.Length && (text[j] == '!' || text[j] == '?'))
                {
                    bang |= text[j] == '!';
                    question |= text[j] == '?';
                    j++;
                }

                token = bang && question ? "?!" : bang ? "!" : "?";
                manyMarks = j - i >= 3;
                return j - i;
            }

            case '.':
            {
                int j = i;
                while (j < text.Length && text[j] == '.')
                {
                    j++;
                }

                token = j - i >= 2 ? "..." : null;
                return j - i;
            }

            case '\u2026':
                token = "...";
                return 1;
            case '/':
                if (i + 1 < text.Length && (text[i + 1] == 's' || text[i + 1] == 'S')
                    && (i + 2 == text.Length || !IsWordChar(text[i + 2]))
                    && (i == 0 || !char.IsLetterOrDigit(text[i - 1])))
                {
                    token = "/s";
                    return 2;
                }

                return 1;
            case '<':
                if (i + 1 < text.Length && text[i + 1] == '3')
                {
                    token = "<3";
                    return 2;
                }

                return 1;
            case ':':
            case ';':
            case '=':
                return MatchEmoticon(text, i, out token);
        }

        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            int codePoint = char.ConvertToUtf32(c, text[i + 1]);
            bool skinTone = codePoint is >= 0x1F3FB and <= 0x1F3FF;
            token = skinTone ? null : new string(text.Slice(i, 2));
            return 2;
        }

        if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherSymbol)
        {
            token = c.ToString();
            return 1;
        }

        return 1;
    }

    private static int MatchEmoticon(ReadOnlySpan<char> text, int i, out string? token)
    {
        token = null;
        if (i > 0 && char.IsLetterOrDigit(text[i - 1]))
        {
            return 1;
        }

        int j = i + 1;
        if (j < text.Length && (text[j] == '-' || text[j] == '\''))
        {
            j++;
        }

        if (j >= text.Length)
        {
            return 1;
        }

        char mouth = text[j];
        if (j + 1 < text.Length && char.IsLetterOrDigit(text[j + 1]))
        {
            return 1;
        }

        bool wink = text[i] == ';';
        token = mouth switch
        {
            ')' or ']' => wink ? ";)" : ":)",
            'D' => wink ? ";)" : ":D",
            '(' or '[' => ":(",
            'P' or 'p' => ":P",
            'O' or 'o' or '0' => ":O",
            '/' or '\\' or '|' => ":/",
            '*' => ":*",
            _ => null,
        };
        if (token is null || (mouth == '/' && j + 1 < text.Length && text[j + 1] == '/'))
        {
            token = null;
            return 1;
        }

        return j + 1 - i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EmitWord(Span<char> word, int length, SparseFeatures features, ref TokenState state)
    {
        ulong hash = Fnv(word.Slice(1, length));
        EmitToken(hash, features, ref state);
        if (_weights[CharGroup] <= 0f)
        {
            return;
        }

        word[0] = '<';
        word[length + 1] = '>';
        int padded = length + 2;
        for (int n = Options.CharMinN; n <= Options.CharMaxN && n <= padded; n++)
        {
            for (int start = 0; start + n <= padded; start++)
            {
                ulong gram = Fnv(word.Slice(start, n)) ^ ((ulong)n * 0x9E3779B97F4A7C15UL);
                features.Append(Bucket(gram, CharGroup), CharGroup);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EmitToken(ulong token, SparseFeatures features, ref TokenState state)
    {
        if (_weights[UnigramGroup] > 0f)
        {
            features.Append(Bucket(token, UnigramGroup), UnigramGroup);
        }

        if (_weights[BigramGroup] > 0f)
        {
            features.Append(Bucket(Combine(state.Previous, token), BigramGroup), BigramGroup);
        }

        if (_weights[TrigramGroup] > 0f && state.Count >= 1)
        {
            features.Append(Bucket(Combine(Combine(state.BeforePrevious, state.Previous), token), TrigramGroup), TrigramGroup);
        }

        state.BeforePrevious = state.Previous;
        state.Previous = token;
        state.Count++;
    }

    private void EmitMarker(ulong marker, SparseFeatures features)
    {
        if (_weights[UnigramGroup] > 0f)
        {
            features.Append(Bucket(marker, UnigramGroup), UnigramGroup);
        }
    }

    private void SetValues(SparseFeatures features)
    {
        Span<int> counts = stackalloc int[GroupCount];
        foreach (byte group in features.Groups)
        {
            counts[group]++;
        }

        Span<float> values = stackalloc float[GroupCount];
        for (int g = 0; g < GroupCount; g++)
        {
            values[g] = counts[g] == 0 ? 0f : _weights[g] / MathF.Sqrt(counts[g]);
        }

        features.SetGroupValues(values);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Bucket(ulong hash, byte group) =>
        (int)(Mix(hash ^ _seed ^ ((ulong)(group + 1) * 0xD6E8FEB86659FD93UL)) >> _shift);

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u2018';

    private static bool StartsWithIgnoreCase(ReadOnlySpan<char> text, int i, string value) =>
        text.Length - i >= value.Length && text.Slice(i, value.Length).Equals(value, StringComparison.OrdinalIgnoreCase);

    private static ulong HashString(string value) => Fnv(value.AsSpan());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Fnv(ReadOnlySpan<char> chars)
    {
        ulong hash = FnvOffset;
        foreach (char c in chars)
        {
            hash ^= c;
            hash *= FnvPrime;
        }

        return hash;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Combine(ulong first, ulong second) => Mix(first * 0x9E3779B97F4A7C15UL + second + 0x632BE59BD9B4E019UL);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53UL;
        x ^= x >> 33;
        return x;
    }

    private interface ITokenSink
    {
        /// <summary>A word, lower-cased, in <c>buffer[1..length + 1]</c>; the buffer has one free slot on each side.</summary>
        void OnWord(Span<char> buffer, int length);

        void OnSymbol(string token);

        void OnMarker(ulong hash, string marker);
    }

    private struct TokenState
    {
        public ulong Previous;
        public ulong BeforePrevious;
        public int Count;
    }

    private struct FeatureSink(HashedFeaturizer owner, SparseFeatures features) : ITokenSink
    {
        public TokenState State = new() { Previous = StartToken };

        public void OnWord(Span<char> buffer, int length) => owner.EmitWord(buffer, length, features, ref State);

        public void OnSymbol(string token) => owner.EmitToken(HashString(token), features, ref State);

        public readonly void OnMarker(ulong hash, string marker) => owner.EmitMarker(hash, features);
    }

    private readonly struct StringSink(List<string> tokens) : ITokenSink
    {
        public List<string> Tokens { get; } = tokens;

        public void OnWord(Span<char> buffer, int length) => Tokens.Add(new string(buffer.Slice(1, length)));

        public void OnSymbol(string token) => Tokens.Add(token);

        public void OnMarker(ulong hash, string marker) => Tokens.Add(marker);
    }
}
