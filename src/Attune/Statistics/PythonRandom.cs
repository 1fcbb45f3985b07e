namespace Attune.Statistics;

/// <summary>
/// CPython's <c>random.Random</c> for the few calls a port needs: MT19937 seeded from an int the way
/// <c>random.seed(n)</c> does (<c>init_by_array</c> over the 32-bit words of |n|), <c>getrandbits(k)</c> for k ≤ 32
/// and <c>randint(a, b)</c> (rejection sampling over <c>getrandbits(bit_length(b − a + 1))</c>, as Python 3.11 does).
/// </summary>
internal sealed class PythonRandom
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _index;

    /// <summary>Seeds as Python's <c>random.Random(seed)</c> for a non-negative seed below 2^32.</summary>
    public PythonRandom(uint seed)
    {
        InitByArray([seed]);
    }

    private void InitGenrand(uint s)
    {
        _mt[0] = s;
        for (int i = 1; i < N; i++) _mt[i] = unchecked(1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i);
        _index = N;
    }

    private void InitByArray(uint[] key)
    {
        InitGenrand(19650218u);
        int i = 1, j = 0;
        for (int k = Math.Max(N, key.Length); k > 0; k--)
        {
            _mt[i] = unchecked((_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j);
            i++;
            j++;
            if (i >= N) { _mt[0] = _mt[N - 1]; i = 1; }
            if (j >= key.Length) j = 0;
        }
        for (int k = N - 1; k > 0; k--)
        {
            _mt[i] = unchecked((_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1566083941u)) - (uint)i);
            i++;
            if (i >= N) { _mt[0] = _mt[N - 1]; i = 1; }
        }
        _mt[0] = 0x80000000u;
        _index = N;
    }

    /// <summary>The next 32-bit output of the generator.</summary>
    public uint NextUInt32()
    {
        if (_index >= N)
        {
            for (int k = 0; k < N; k++)
            {
                uint y = (_mt[k] & 0x80000000u) | (_mt[(k + 1) % N] & 0x7fffffffu);
                _mt[k] = _mt[(k + M) % N] ^ (y >> 1) ^ ((y & 1u) != 0 ? 0x9908b0dfu : 0u);
            }
            _index = 0;
        }
        uint x = _mt[_index++];
        x ^= x >> 11;
        x ^= (x << 7) & 0x9d2c5680u;
        x ^= (x << 15) & 0xefc60000u;
        x ^= x >> 18;
        return x;
    }

    /// <summary>Python's <c>getrandbits(k)</c> for 1 ≤ k ≤ 32.</summary>
    public uint GetRandBits(int k) => NextUInt32() >> (32 - k);

    /// <summary>Python's <c>randint(a, b)</c> for a span that fits in 32 bits.</summary>
    public long RandInt(long a, long b)
    {
        long n = b - a + 1;
        if (n <= 0) throw new ArgumentException("empty range for randint");
        int k = 64 - (int)ulong.LeadingZeroCount((ulong)n);
        long r = GetRandBits(k);
        while (r >= n) r = GetRandBits(k);
        return a + r;
    }
}
