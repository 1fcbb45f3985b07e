using System.Globalization;

namespace Attune.Emotions;

/// <summary>
/// Reads the GoEmotions TSV format (one row per line: text, comma-separated label ids into
/// <see cref="Taxonomy.GoEmotions"/>, comment id) and plain text files of one text per line. Errors name the file and line.
/// </summary>
public static class GoEmotionsTsv
{
    /// <summary>The rows of a labelled file, blank lines skipped.</summary>
    /// <param name="path">A GoEmotions-format TSV file.</param>
    /// <returns>One row per non-empty line, in order.</returns>
    /// <exception cref="InputException">The file cannot be read, a row lacks its labels, or a label id is not a GoEmotions id.</exception>
    public static IReadOnlyList<GoEmotionsRow> ReadLabelled(string path)
    {
        var lines = ReadLines(path);
        var rows = new List<GoEmotionsRow>(lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var parts = lines[i].Split('\t');
            string where = path + ":" + (i + 1).ToString(CultureInfo.InvariantCulture);
            if (parts.Length < 2) throw new InputException($"{where}: expected text<TAB>label ids");
            var labels = new List<int>();
            foreach (var id in parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n >= Taxonomy.GoEmotions.Count)
                {
                    throw new InputException($"{where}: \"{id}\" is not a GoEmotions label id (0–{Taxonomy.GoEmotions.Count - 1})");
                }
                if (!labels.Contains(n)) labels.Add(n);
            }
            rows.Add(new GoEmotionsRow(parts[0], labels, parts.Length > 2 ? parts[2] : (i + 1).ToString(CultureInfo.InvariantCulture)));
        }
        if (rows.Count == 0) throw new InputException($"{path}: no rows");
        return rows;
    }

    /// <summary>
    /// The texts of a file: the first column of a GoEmotions TSV (a <c>.tsv</c> file, or any file whose every non-empty
    /// line is text, label ids and comment id), otherwise every line as it is.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>The texts, in order.</returns>
    /// <exception cref="InputException">The file cannot be read.</exception>
    public static IReadOnlyList<string> ReadTexts(string path) => TextsOf(ReadLines(path), path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase));

    /// <summary>The texts of lines already read (e.g. standard input), as <see cref="ReadTexts(string)"/> reads a file.</summary>
    /// <param name="lines">The lines.</param>
    /// <param name="tsv">Whether the lines are known to be TSV rows (the first column is the text).</param>
    /// <returns>The texts, in order.</returns>
    public static IReadOnlyList<string> TextsOf(IReadOnlyList<string> lines, bool tsv = false)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return tsv || LooksLabelled(lines) ? [.. lines.Select(l => l.Split('\t')[0])] : lines;
    }

    private static bool LooksLabelled(IReadOnlyList<string> lines)
    {
        int rows = 0;
        foreach (var line in lines)
        {
            if (line.Length == 0) continue;
            var parts = line.Split('\t');
            if (parts.Length != 3 || parts[1].Length == 0 || !parts[1].All(c => char.IsAsciiDigit(c) || c == ',')) return false;
            rows++;
        }
        return rows > 0;
    }

    private static string[] ReadLines(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path)) throw new InputException($"{path}: is a folder, not a file");
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException($"{path}: file not found");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read: {ex.Message.ReplaceLineEndings(" ")}");
        }
    }
}
