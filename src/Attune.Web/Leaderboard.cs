using System.Globalization;
using System.Text.Json.Nodes;

namespace Attune.Web;

/// <summary>A leaderboard column: a suite on one item set, or the eq3 rating ladder.</summary>
internal sealed record LeaderboardColumn(string Key, string Suite, string ItemSet, string Caption)
{
    public const string RatingKey = "eq3-rating";

    public bool IsRating => Key == RatingKey;
}

/// <summary>One cell: a figure with its 95% interval (when it has one), the run it comes from, and how many runs the cell could have shown.</summary>
internal sealed record LeaderboardCell(double Value, double? Lower, double? Upper, long? RunId, int Runs, bool IntervalPending = false);

/// <summary>One row: a model of the store, or an imported reference (then <see cref="Source"/> names where it comes from).</summary>
internal sealed record LeaderboardRow(string Model, string? Source, Dictionary<string, LeaderboardCell> Cells);

/// <summary>Models × suites: what the leaderboard page and <c>GET /api/leaderboard</c> show.</summary>
/// <param name="Columns">The columns shown (after the item-set filter).</param>
/// <param name="AllColumns">Every column the store and the reference figures give (the filter's choices).</param>
/// <param name="Rows">The rows, sorted.</param>
/// <param name="Query">What was asked.</param>
/// <param name="SortKey">The column the rows are sorted by.</param>
/// <param name="Pending">Intervals still being computed in the background (their cells say so; a reload shows them).</param>
internal sealed record Leaderboard(IReadOnlyList<LeaderboardColumn> Columns, IReadOnlyList<LeaderboardColumn> AllColumns, IReadOnlyList<LeaderboardRow> Rows, LeaderboardQuery Query, string SortKey, IReadOnlyList<Task> Pending)
{
    public JsonObject ToJson()
    {
        static JsonNode? Num(double? v) => v is { } d && double.IsFinite(d) ? JsonValue.Create(d) : null;
        return new JsonObject
        {
            ["sort"] = SortKey,
            ["dir"] = Query.Descending ? "desc" : "asc",
            ["items"] = Query.Items,
            ["from"] = Query.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = Query.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["columns"] = new JsonArray([.. Columns.Select(c => (JsonNode)new JsonObject { ["key"] = c.Key, ["suite"] = c.Suite, ["itemSet"] = c.ItemSet, ["caption"] = c.Caption })]),
            ["itemSets"] = new JsonArray([.. AllColumns.Where(c => !c.IsRating).Select(c => (JsonNode)new JsonObject { ["key"] = c.Key, ["suite"] = c.Suite, ["itemSet"] = c.ItemSet })]),
            ["rows"] = new JsonArray([.. Rows.Select(r =>
            {
                var cells = new JsonObject();
                foreach (var c in Columns)
                {
                    if (!r.Cells.TryGetValue(c.Key, out var cell)) continue;
                    var json = new JsonObject
                    {
                        ["score"] = Num(cell.Value),
                        ["ci95"] = cell.Lower is { } lo && cell.Upper is { } hi && double.IsFinite(lo) && double.IsFinite(hi) ? new JsonArray(lo, hi) : null,
                        ["run"] = cell.RunId,
                        ["runs"] = cell.Runs,
                    };
                    if (cell.IntervalPending) json["ciPending"] = true; // still being computed: a later request has it
                    cells[c.Key] = json;
                }
                return (JsonNode)new JsonObject { ["model"] = r.Model, ["reference"] = r.Source, ["cells"] = cells };
            })]),
        };
    }
}
