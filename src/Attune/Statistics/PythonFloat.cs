using System.Globalization;
using System.Numerics;

namespace Attune.Statistics;

/// <summary>
/// Python float semantics that rating and scoring ports depend on: <c>round(x, n)</c> (correctly rounded, ties to
/// even), <c>statistics.mean</c> (the exact mean of the values, correctly rounded once), and code-point ordering
/// of <c>str</c> (Python's <c>sorted</c> on strings).
/// </summary>
internal static class PythonFloat
{
    /// <summary>Python's <c>round(x, ndigits)</c>: the double nearest to x correctly rounded to ndigits decimals, ties to even.</summary>
    public static double Round(double x, int ndigits)
    {
        if (double.IsNaN(x) || double.IsInfinity(x) || x == 0) return x;
        var (mantissa, exp2, negative) = Decompose(x);
        if (exp2 >= 0) return x;
        var scale = BigInteger.Pow(10, ndigits);
        var numerator = mantissa * scale;
        var denominator = BigInteger.One << -exp2;
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        int cmp = (remainder * 2).CompareTo(denominator);
        if (cmp > 0 || (cmp == 0 && !quotient.IsEven)) quotient += 1;
        var text = (negative ? "-" : "") + quotient.ToString(CultureInfo.InvariantCulture) + "e-" + ndigits.ToString(CultureInfo.InvariantCulture);
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Python's <c>statistics.mean</c> of floats: the exact rational mean rounded once to the nearest double.
    /// Non-finite inputs give what Python gives (NaN, or the infinity). Throws on an empty sequence.
    /// </summary>
    public static double Mean(IEnumerable<double> values)
    {
        BigInteger sum = BigInteger.Zero;
        double nonFinite = 0;
        bool anyNonFinite = false;
        int count = 0;
        foreach (var v in values)
        {
            count++;
            if (!double.IsFinite(v))
            {
                nonFinite = anyNonFinite ? nonFinite + v : v;
                anyNonFinite = true;
                continue;
            }
            if (v == 0) continue;
            var (m, e, neg) = Decompose(v);
            var scaled = m << (e + 1074);
            sum += neg ? -scaled : scaled;
        }
        if (count == 0) throw new InvalidOperationException("mean requires at least one data point");
        if (anyNonFinite) return nonFinite / count;
        return RatioToDouble(sum, new BigInteger(count) << 1074);
    }

    /// <summary>The double nearest to p/q (q &gt; 0), ties to even, as Python's int true division computes it.</summary>
    public static double RatioToDouble(BigInteger p, BigInteger q)
    {
        if (p.IsZero) return 0.0;
        bool negative = p.Sign < 0;
        p = BigInteger.Abs(p);
        int e = (int)(p.GetBitLength() - q.GetBitLength());
        int shift = 55 - e;
        if (shift > 0) p <<= shift; else q <<= -shift;
        var qt = BigInteger.DivRem(p, q, out var rem);
        int bits = (int)qt.GetBitLength();
        int lead = bits - 1 - shift;
        int keep = lead >= -1022 ? 53 : 53 - (-1022 - lead);
        if (keep < 0) return negative ? -0.0 : 0.0;
        int drop = bits - keep;
        var mant = qt >> drop;
        var dropped = qt - (mant << drop);
        var half = BigInteger.One << (drop - 1);
        int c = dropped.CompareTo(half);
        if (c > 0 || (c == 0 && (!rem.IsZero || !mant.IsEven))) mant += 1;
        double result = Math.ScaleB((double)mant, drop - shift);
        return negative ? -result : result;
    }

    /// <summary>Compares two strings by Unicode code point, as Python orders <c>str</c> values.</summary>
    public static int CompareCodePoints(string? a, string? b)
    {
        if (ReferenceEquals(a, b)) return 0;
        if (a is null) return -1;
        if (b is null) return 1;
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            int ca = char.IsHighSurrogate(a[i]) && i + 1 < a.Length && char.IsLowSurrogate(a[i + 1]) ? char.ConvertToUtf32(a[i], a[i + 1]) : a[i];
            int cb = char.IsHighSurrogate(b[j]) && j + 1 < b.Length && char.IsLowSurrogate(b[j + 1]) ? char.ConvertToUtf32(b[j], b[j + 1]) : b[j];
            if (ca != cb) return ca < cb ? -1 : 1;
            i += ca > 0xffff ? 2 : 1;
            j += cb > 0xffff ? 2 : 1;
        }
        return (a.Length - i).CompareTo(b.Length - j);
    }

    /// <summary>A comparer that orders strings by code point.</summary>
    public static readonly IComparer<string> CodePointOrder = Comparer<string>.Create(CompareCodePoints);

    private static (BigInteger Mantissa, int Exp2, bool Negative) Decompose(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        bool negative = bits < 0;
        int exponent = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        return exponent == 0 ? (fraction, -1074, negative) : (fraction | (1L << 52), exponent - 1075, negative);
    }
}
