namespace Attune.Emotions;

/// <summary>How a weight matrix is stored in a model file.</summary>
public enum WeightEncoding : byte
{
    /// <summary>IEEE 754 half precision, 2 bytes a weight.</summary>
    Half = 1,

    /// <summary>8-bit integers with one float scale per row, 1 byte a weight plus 4 bytes a row.</summary>
    Int8PerRow = 2,
}
