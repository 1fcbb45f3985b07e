using System.Globalization;
using Attune.Suites.Ability;
using Attune.Text;

namespace Attune.Train;

/// <summary>
/// Measures the encoder-cosine rule of <c>items generate</c> on hand-labelled pairs (tools/similarity-pairs/pairs.tsv):
/// the cosine of every pair, then precision and recall of "near-duplicate" (cosine ≥ t) for a range of thresholds.
/// </summary>
internal static class SimilarityPairs
{
    public static int Run(Arguments args)
    {
        string path = args.Required("pairs");
        _ = args.Optional("tier");
        args.ThrowIfUnused();
        var rows = File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToArray();
        if (rows.Any(r => r.Length != 4 || r[0] is not ("dup" or "diff")))
        {
            throw new ArgumentException($"{path}: every row needs label (dup|diff), kind, text a, text b.");
        }

        float[][] a = TextEncoder.Shared.Encode(rows.Select(r => r[2]).ToArray());
        float[][] b = TextEncoder.Shared.Encode(rows.Select(r => r[3]).ToArray());
        var pairs = rows.Select((r, i) => (Dup: r[0] == "dup", Kind: r[1], Cosine: TextEncoder.Cosine(a[i], b[i]),
            Overlap: AbilityItemGenerator.Similarity(Item(r[2]), Item(r[3])))).ToArray();
        foreach (var p in pairs.OrderBy(p => p.Cosine))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Cosine:0.000}  overlap {p.Overlap:0.00}  {(p.Dup ? "dup " : "diff")}  {p.Kind}"));
        }

        Console.WriteLine();
        Console.WriteLine("rule                    threshold  precision  recall  F1");
        foreach (double t in new[] { 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95 })
        {
            Print("encoder cosine", t, pairs.Select(p => (p.Dup, p.Cosine >= t)));
        }

        foreach (double t in new[] { 0.3, 0.4, 0.5 })
        {
            Print("word overlap", t, pairs.Select(p => (p.Dup, p.Overlap >= t)));
        }

        Print("overlap 0.5 or cosine", AbilityItemGenerator.DefaultMaxCosine, pairs.Select(p => (p.Dup, p.Overlap >= 0.5 || p.Cosine >= AbilityItemGenerator.DefaultMaxCosine)));
        return 0;
    }

    private static AbilityItem Item(string scenario) =>
        new(AbilityTask.EU, "x", "en", "x", null, null, scenario, "x", ["a", "b", "c", "d", "e"], 0, [], -1);

    private static void Print(string rule, double threshold, IEnumerable<(bool Dup, bool Flagged)> decisions)
    {
        var d = decisions.ToArray();
        int tp = d.Count(x => x.Dup && x.Flagged), fp = d.Count(x => !x.Dup && x.Flagged), fn = d.Count(x => x.Dup && !x.Flagged);
        double precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rule,-24}{threshold,9:0.00}  {precision,9:0.000}  {recall,6:0.000}  {f1:0.000}"));
    }
}
