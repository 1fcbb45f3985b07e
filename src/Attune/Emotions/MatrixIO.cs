namespace Attune.Emotions;

/// <summary>Reads and writes dense row-major float matrices in the encodings of <see cref="WeightEncoding"/>.</summary>
internal static class MatrixIO
{
    /// <summary>Writes <paramref name="rows"/> × <paramref name="columns"/> values taken from rows of <paramref name="stride"/> floats.</summary>
    public static void Write(BinaryWriter writer, ReadOnlySpan<float> data, int rows, int columns, int stride, WeightEncoding encoding)
    {
        writer.Write((byte)encoding);
        writer.Write(rows);
        writer.Write(columns);
        switch (encoding)
        {
            case WeightEncoding.Half:
            {
                var buffer = new byte[columns * 2];
                for (int r = 0; r < rows; r++)
                {
                    ReadOnlySpan<float> row = data.Slice(r * stride, columns);
                    for (int c = 0; c < columns; c++)
                    {
                        ushort bits = BitConverter.HalfToUInt16Bits((Half)row[c]);
                        buffer[2 * c] = (byte)bits;
                        buffer[(2 * c) + 1] = (byte)(bits >> 8);
                    }

                    writer.Write(buffer);
                }

                break;
            }

            case WeightEncoding.Int8PerRow:
            {
                var buffer = new byte[columns];
                for (int r = 0; r < rows; r++)
                {
                    ReadOnlySpan<float> row = data.Slice(r * stride, columns);
                    float max = 0f;
                    foreach (float v in row)
                    {
                        max = MathF.Max(max, MathF.Abs(v));
                    }

                    float scale = max / 127f;
                    writer.Write(scale);
                    for (int c = 0; c < columns; c++)
                    {
                        int q = scale == 0f ? 0 : (int)MathF.Round(row[c] / scale, MidpointRounding.ToEven);
                        buffer[c] = (byte)(sbyte)Math.Clamp(q, -127, 127);
                    }

                    writer.Write(buffer);
                }

                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unknown weight encoding.");
        }
    }

    /// <summary>Reads a matrix into rows of <paramref name="stride"/> floats (padding left at zero).</summary>
    public static float[] Read(BinaryReader reader, int expectedRows, int expectedColumns, int stride, out WeightEncoding encoding)
    {
        encoding = ReadHeader(reader, expectedRows, expectedColumns);
        return ReadFloats(reader, encoding, expectedRows, expectedColumns, stride);
    }

    /// <summary>Reads a matrix's encoding and checks its shape; the values follow.</summary>
    public static WeightEncoding ReadHeader(BinaryReader reader, int expectedRows, int expectedColumns)
    {
        var encoding = (WeightEncoding)reader.ReadByte();
        int rows = reader.ReadInt32();
        int columns = reader.ReadInt32();
        if (rows != expectedRows || columns != expectedColumns)
        {
            throw new InvalidDataException($"Expected a {expectedRows}×{expectedColumns} matrix, found {rows}×{columns}.");
        }

        return encoding;
    }

    /// <summary>
    /// Reads the values of an <see cref="WeightEncoding.Int8PerRow"/> matrix as stored, one row per
    /// <paramref name="rowBytes"/> bytes of <paramref name="into"/>: the row's <paramref name="columns"/> signed bytes, then
    /// its float scale (the value of column c is <c>(sbyte)row[c] * scale</c>), then zeros.
    /// </summary>
    public static void ReadInt8Rows(BinaryReader reader, int rows, int columns, Span<byte> into, int rowBytes)
    {
        // as written: per row the scale, then the bytes; read in blocks of whole rows
        int stored = columns + 4;
        int perBlock = Math.Max(1, (1 << 16) / stored);
        var block = new byte[perBlock * stored];
        for (int r = 0; r < rows; r += perBlock)
        {
            int count = Math.Min(perBlock, rows - r);
            reader.BaseStream.ReadExactly(block.AsSpan(0, count * stored));
            for (int i = 0; i < count; i++)
            {
                var from = block.AsSpan(i * stored, stored);
                var to = into.Slice((r + i) * rowBytes, rowBytes);
                from[4..].CopyTo(to);
                from[..4].CopyTo(to[columns..]);
            }
        }
    }

    /// <summary>Reads the values of a matrix whose header <see cref="ReadHeader"/> has read, into rows of <paramref name="stride"/> floats.</summary>
    public static float[] ReadFloats(BinaryReader reader, WeightEncoding encoding, int rows, int columns, int stride)
    {
        var data = new float[(long)rows * stride];
        switch (encoding)
        {
            case WeightEncoding.Half:
            {
                var buffer = new byte[columns * 2];
                for (int r = 0; r < rows; r++)
                {
                    reader.BaseStream.ReadExactly(buffer);
                    Span<float> row = data.AsSpan(r * stride, columns);
                    for (int c = 0; c < columns; c++)
                    {
                        row[c] = (float)BitConverter.UInt16BitsToHalf((ushort)(buffer[2 * c] | (buffer[(2 * c) + 1] << 8)));
                    }
                }

                break;
            }

            case WeightEncoding.Int8PerRow:
            {
                var buffer = new byte[columns];
                for (int r = 0; r < rows; r++)
                {
                    float scale = reader.ReadSingle();
                    reader.BaseStream.ReadExactly(buffer);
                    Span<float> row = data.AsSpan(r * stride, columns);
                    for (int c = 0; c < columns; c++)
                    {
                        row[c] = (sbyte)buffer[c] * scale;
                    }
                }

                break;
            }

            default:
                throw new InvalidDataException($"Unknown weight encoding {(byte)encoding}.");
        }

        return data;
    }
}
