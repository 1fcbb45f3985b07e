using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Attune.Web;

/// <summary>What the leaderboard shows: sort column and direction, an item-set column filter, and a date range (UTC days, inclusive).</summary>
internal sealed record LeaderboardQuery(string? Sort, bool Descending, string? Items, DateOnly? From, DateOnly? To, string? Problem = null)
{
    public static LeaderboardQuery Default { get; } = new(null, true, null, null, null);

    public static LeaderboardQuery Parse(IQueryCollection q)
    {
        string? problem = null;
        DateOnly? Date(string name)
        {
            var s = q[name].ToString();
            if (s.Length == 0) return null;
            if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            problem = $"\"{s}\" is not a date (yyyy-mm-dd); the {name} filter is ignored";
            return null;
        }
        var sort = q["sort"].ToString();
        var items = q["items"].ToString();
        var from = Date("from");
        var to = Date("to");
        return new LeaderboardQuery(sort.Length == 0 ? null : sort, q["dir"].ToString() != "asc", items.Length == 0 ? null : items, from, to, problem);
    }

    public bool InRange(DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        return (From is null || day >= From) && (To is null || day <= To);
    }

    /// <summary>The query string with some values replaced (null removes one).</summary>
    public string With(string? sort = "\0", string? dir = "\0")
    {
        var parts = new List<string>();
        var s = sort == "\0" ? Sort : sort;
        var d = dir == "\0" ? (Descending ? "desc" : "asc") : dir;
        if (s is not null) parts.Add("sort=" + Html.U(s));
        if (s is not null && d is not null) parts.Add("dir=" + d);
        if (Items is not null) parts.Add("items=" + Html.U(Items));
        if (From is { } f) parts.Add("from=" + f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (To is { } t) parts.Add("to=" + t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return parts.Count == 0 ? "" : "?" + string.Join("&amp;", parts);
    }
}
