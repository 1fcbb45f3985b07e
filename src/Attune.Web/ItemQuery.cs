using System.Globalization;
using Attune.Suites;
using Microsoft.AspNetCore.Http;

namespace Attune.Web;

/// <summary>Which items of a run to show: by status (<c>ok</c>, <c>problem</c> or one status word), category and text; sorted; one page.</summary>
internal sealed record ItemQuery(string? Status, string? Category, string? Text, string Sort, bool Descending, int Page, int PageSize)
{
    public static readonly string[] SortKeys = ["id", "iteration", "category", "score", "status"];

    public static ItemQuery Parse(IQueryCollection q, int pageSize = 100)
    {
        static string? Value(IQueryCollection q, string name) => q[name].ToString() is { Length: > 0 } s ? s : null;
        var sort = Value(q, "sort") is { } s && SortKeys.Contains(s) ? s : "id";
        int page = int.TryParse(q["page"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? p : 1;
        int size = int.TryParse(q["pageSize"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var ps) && ps is >= 1 and <= 1000 ? ps : pageSize;
        return new ItemQuery(Value(q, "status"), Value(q, "category"), Value(q, "q"), sort, q["dir"].ToString() == "desc", page, size);
    }

    public (IReadOnlyList<ItemRow> Page, int Total) Apply(IReadOnlyList<ItemRow> items)
    {
        IEnumerable<ItemRow> rows = items;
        if (Status == "problem") rows = rows.Where(i => !i.IsOk);
        else if (Status is not null) rows = rows.Where(i => i.Status == Status);
        if (Category is not null) rows = rows.Where(i => i.Category == Category);
        if (Text is { } t)
        {
            rows = rows.Where(i => i.Id.Contains(t, StringComparison.OrdinalIgnoreCase) || (i.Detail?.Contains(t, StringComparison.OrdinalIgnoreCase) ?? false)
                || (i.Response?.Contains(t, StringComparison.OrdinalIgnoreCase) ?? false));
        }
        var list = rows.ToList();
        Comparison<ItemRow> by = Sort switch
        {
            "iteration" => (a, b) => a.Iteration.CompareTo(b.Iteration),
            "category" => (a, b) => string.Compare(a.Category, b.Category, StringComparison.Ordinal),
            "status" => (a, b) => string.Compare(a.Status, b.Status, StringComparison.Ordinal),
            "score" => (a, b) => (a.Score ?? double.NegativeInfinity).CompareTo(b.Score ?? double.NegativeInfinity),
            _ => (a, b) => NaturalCompare(a.Id, b.Id),
        };
        // stable: ties keep the suite's order (item, then iteration)
        var ordered = list.Select((row, index) => (row, index)).ToList();
        ordered.Sort((x, y) =>
        {
            int c = by(x.row, y.row);
            if (Descending) c = -c;
            return c != 0 ? c : x.index.CompareTo(y.index);
        });
        return ([.. ordered.Skip((Page - 1) * PageSize).Take(PageSize).Select(x => x.row)], list.Count);
    }

    /// <summary>Numbers inside ids compare as numbers (<c>2</c> before <c>10</c>).</summary>
    public static int NaturalCompare(string a, string b)
    {
        bool na = long.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var x), nb = long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var y);
        if (na && nb) return x.CompareTo(y);
        if (na != nb) return na ? -1 : 1;
        return string.Compare(a, b, StringComparison.Ordinal);
    }

    /// <summary>The query string with some values replaced (null removes one).</summary>
    public string With(string? sort = null, bool? descending = null, int? page = null)
    {
        var parts = new List<string>();
        if (Status is not null) parts.Add("status=" + Html.U(Status));
        if (Category is not null) parts.Add("category=" + Html.U(Category));
        if (Text is not null) parts.Add("q=" + Html.U(Text));
        parts.Add("sort=" + (sort ?? Sort));
        parts.Add("dir=" + ((descending ?? Descending) ? "desc" : "asc"));
        if ((page ?? Page) > 1) parts.Add("page=" + Html.I(page ?? Page));
        return "?" + string.Join("&amp;", parts);
    }
}
