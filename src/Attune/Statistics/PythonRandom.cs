using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Attune.Statistics;

/// <summary>
/// A port of CPython's <c>random.Random</c> (Mersenne Twister MT19937, CPython 3.11 semantics) for exact parity with
/// reference harnesses written in Python: the same seed gives the same <see cref="Random"/> values, the same
/// <see cref="Choice{T}"/> picks and the same <see cref="Shuffle{T}"/> order as <c>random.Random(seed)</c>.
/// </summary>
/// <remarks>
/// Seeding follows <c>random.seed(a, version=2)</c>: an integer seeds <c>init_by_array</c> with the 32-bit words of
/// |a|, least significant first; a string or byte seed becomes the integer whose big-endian bytes are
/// <c>bytes + SHA-512(bytes)</c> (a string is encoded as UTF-8 first). Not thread-safe; not for cryptography.
/// </remarks>
public sealed class PythonRandom
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908b0dfU;
    private const uint UpperMask = 0x80000000U;
    private const uint LowerMask = 0x7fffffffU;

    private readonly uint[] _mt = new uint[N];
    private int _mti;

    /// <summary>Seeds like <c>random.Random(seed)</c> with an integer seed (the sign is ignored, as in CPython).</summary>
    /// <param name="seed">The integer seed.</param>
    public PythonRandom(BigInteger seed) => SeedInteger(seed);

    /// <summary>Seeds like <c>random.Random(seed)</c> with an integer seed (the sign is ignored, as in CPython).</summary>
    /// <param name="seed">The integer seed.</param>
    public PythonRandom(long seed) : this(new BigInteger(seed)) { }

    /// <summary>Seeds like <c>random.Random(seed)</c> with a <c>str</c> seed (version 2: UTF-8 bytes plus their SHA-512).</summary>
    /// <param name="seed">The string seed.</param>
    public PythonRandom(string seed) : this(Encoding.UTF8.GetBytes(seed ?? throw new ArgumentNullException(nameof(seed)))) { }

    /// <summary>Seeds like <c>random.Random(seed)</c> with a <c>bytes</c> seed (version 2: the bytes plus their SHA-512).</summary>
    /// <param name="seed">The byte seed.</param>
    public PythonRandom(byte[] seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var hash = SHA512.HashData(seed);
        var all = new byte[seed.Length + hash.Length];
        seed.CopyTo(all, 0);
        hash.CopyTo(all, seed.Length);
        SeedInteger(new BigInteger(all, isUnsigned: true, isBigEndian: true));
    }

    private void SeedInteger(BigInteger seed)
    {
        var n = BigInteger.Abs(seed);
        var key = new List<uint>();
        if (n.IsZero)
        {
            key.Add(0);
        }
        else
        {
            var mask = new BigInteger(uint.MaxValue);
            while (!n.IsZero)
            {
                key.Add((uint)(n & mask));
                n >>= 32;
            }
        }
        InitByArray(key);
    }

    private void InitGenrand(uint s)
    {
        _mt[0] = s;
        for (int i = 1; i < N; i++)
        {
            _mt[i] = unchecked(1812433253U * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i);
        }
        _mti = N;
    }

    private void InitByArray(List<uint> key)
    {
        InitGenrand(19650218U);
        int i = 1, j = 0;
        int keyLength = key.Count;
        for (int k = Math.Max(N, keyLength); k > 0; k--)
        {
            _mt[i] = unchecked((_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1664525U)) + key[j] + (uint)j);
            i++;
            j++;
            if (i >= N)
            {
                _mt[0] = _mt[N - 1];
                i = 1;
            }
            if (j >= keyLength) j = 0;
        }
        for (int k = N - 1; k > 0; k--)
        {
            _mt[i] = unchecked((_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1566083941U)) - (uint)i);
            i++;
            if (i >= N)
            {
                _mt[0] = _mt[N - 1];
                i = 1;
            }
        }
        _mt[0] = 0x80000000U;
    }

    /// <summary>The next raw 32-bit output of the generator (CPython's <c>genrand_uint32</c>).</summary>
    /// <returns>A uniformly distributed 32-bit word.</returns>
    public uint NextUInt32()
    {
        uint y;
        if (_mti >= N)
        {
            int kk;
            for (kk = 0; kk < N - M; kk++)
            {
                y = (_mt[kk] & UpperMask) | (_mt[kk + 1] & LowerMask);
                _mt[kk] = _mt[kk + M] ^ (y >> 1) ^ ((y & 1U) != 0 ? MatrixA : 0U);
            }
            for (; kk < N - 1; kk++)
            {
                y = (_mt[kk] & UpperMask) | (_mt[kk + 1] & LowerMask);
                _mt[kk] = _mt[kk + (M - N)] ^ (y >> 1) ^ ((y & 1U) != 0 ? MatrixA : 0U);
            }
            y = (_mt[N - 1] & UpperMask) | (_mt[0] & LowerMask);
            _mt[N - 1] = _mt[M - 1] ^ (y >> 1) ^ ((y & 1U) != 0 ? MatrixA : 0U);
            _mti = 0;
        }
        y = _mt[_mti++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= y >> 18;
        return y;
    }

    /// <summary><c>random()</c>: a double in [0, 1) with 53 random bits, built from two 32-bit outputs.</summary>
    /// <returns>The next value.</returns>
    public double Random()
    {
        uint a = NextUInt32() >> 5;
        uint b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /// <summary><c>getrandbits(k)</c> for 0 ≤ k ≤ 64: words are filled least significant first; a short last word keeps its high bits.</summary>
    /// <param name="k">How many random bits.</param>
    /// <returns>An integer in [0, 2^k).</returns>
    public ulong GetRandBits(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, 64);
        if (k == 0) return 0;
        if (k <= 32) return NextUInt32() >> (32 - k);
        ulong low = NextUInt32();
        ulong high = NextUInt32() >> (64 - k);
        return low | (high << 32);
    }

    /// <summary>CPython's <c>_randbelow(n)</c>: draws <c>getrandbits(n.bit_length())</c> until the value is below n.</summary>
    /// <param name="n">The exclusive upper bound (positive).</param>
    /// <returns>An integer in [0, n).</returns>
    public long RandBelow(long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        int k = 64 - BitOperations.LeadingZeroCount((ulong)n);
        ulong r = GetRandBits(k);
        while (r >= (ulong)n) r = GetRandBits(k);
        return (long)r;
    }

    /// <summary><c>randrange(stop)</c>: an integer in [0, stop).</summary>
    /// <param name="stop">The exclusive upper bound (positive).</param>
    /// <returns>The drawn integer.</returns>
    public long RandRange(long stop)
    {
        if (stop <= 0) throw new ArgumentException("empty range for randrange()", nameof(stop));
        return RandBelow(stop);
    }

    /// <summary><c>randrange(start, stop, step)</c> with CPython's arithmetic (a negative step counts down).</summary>
    /// <param name="start">The first value of the range.</param>
    /// <param name="stop">The exclusive end of the range.</param>
    /// <param name="step">The step (not zero).</param>
    /// <returns>The drawn integer.</returns>
    public long RandRange(long start, long stop, long step = 1)
    {
        long width = stop - start;
        if (step == 1)
        {
            if (width > 0) return start + RandBelow(width);
            throw new ArgumentException($"empty range for randrange() ({start}, {stop}, {width})", nameof(stop));
        }
        long n;
        if (step > 0) n = FloorDiv(width + step - 1, step);
        else if (step < 0) n = FloorDiv(width + step + 1, step);
        else throw new ArgumentException("zero step for randrange()", nameof(step));
        if (n <= 0) throw new ArgumentException("empty range for randrange()", nameof(stop));
        return start + step * RandBelow(n);
    }

    /// <summary><c>randint(a, b)</c>: an integer in [a, b], both ends included.</summary>
    /// <param name="a">The smallest value.</param>
    /// <param name="b">The largest value.</param>
    /// <returns>The drawn integer.</returns>
    public long RandInt(long a, long b) => RandRange(a, b + 1);

    /// <summary><c>uniform(a, b)</c>: <c>a + (b - a) * random()</c>.</summary>
    /// <param name="a">One end.</param>
    /// <param name="b">The other end.</param>
    /// <returns>The drawn value.</returns>
    public double Uniform(double a, double b) => a + (b - a) * Random();

    /// <summary><c>choice(seq)</c>: <c>seq[_randbelow(len(seq))]</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">A non-empty list.</param>
    /// <returns>The chosen element.</returns>
    public T Choice<T>(IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0) throw new ArgumentException("Cannot choose from an empty sequence", nameof(items));
        return items[(int)RandBelow(items.Count)];
    }

    /// <summary><c>shuffle(x)</c> in place: for i = n−1 down to 1, swap x[i] with x[_randbelow(i + 1)].</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The list to shuffle.</param>
    public void Shuffle<T>(IList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        for (int i = items.Count - 1; i >= 1; i--)
        {
            int j = (int)RandBelow(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>
    /// <c>sample(population, k)</c> (without <c>counts</c>): k distinct positions in selection order, using CPython's
    /// pool method for small populations and its set method otherwise.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="population">The population.</param>
    /// <param name="k">How many elements to draw (0 ≤ k ≤ population size).</param>
    /// <returns>The sample.</returns>
    public List<T> Sample<T>(IReadOnlyList<T> population, int k)
    {
        ArgumentNullException.ThrowIfNull(population);
        int n = population.Count;
        if (k < 0 || k > n) throw new ArgumentException("Sample larger than population or is negative", nameof(k));
        var result = new List<T>(k);
        double setSize = 21;
        if (k > 5) setSize += Math.Pow(4, Math.Ceiling(Math.Log(k * 3, 4)));
        if (n <= setSize)
        {
            var pool = population.ToList();
            for (int i = 0; i < k; i++)
            {
                int j = (int)RandBelow(n - i);
                result.Add(pool[j]);
                pool[j] = pool[n - i - 1];
            }
        }
        else
        {
            var selected = new HashSet<long>();
            for (int i = 0; i < k; i++)
            {
                long j = RandBelow(n);
                while (selected.Contains(j)) j = RandBelow(n);
                selected.Add(j);
                result.Add(population[(int)j]);
            }
        }
        return result;
    }

    private static long FloorDiv(long a, long b)
    {
        long q = a / b;
        if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
        return q;
    }
}
