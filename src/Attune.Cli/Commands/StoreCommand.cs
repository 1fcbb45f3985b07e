using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Attune.Storage;

namespace Attune.Cli.Commands;

/// <summary><c>attune store copy</c>: move runs between stores (SQLite ↔ PostgreSQL) without loss.</summary>
internal static class StoreCommand
{
    public static Command Create()
    {
        var store = new Command("store", "Work with run stores.");
        store.Subcommands.Add(Copy());
        return store;
    }

    private static Command Copy()
    {
        var from = new Option<string>("--from") { Description = "The store to copy from (a SQLite file or postgres://…).", Required = true };
        var to = new Option<string>("--to") { Description = "The store to copy into (created when it does not exist).", Required = true };
        var json = Shared.Json();
        var cmd = new Command("copy", "Copy every run (responses, turns, metrics, failures) and guard verdict from one store into another; runs already there are skipped.") { from, to, json };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, async token =>
        {
            var source = parse.GetValue(from)!;
            var target = parse.GetValue(to)!;
            if (!RunStores.IsServer(source) && !RunStores.IsServer(target) && Path.GetFullPath(source) == Path.GetFullPath(target) || source == target)
            {
                throw new InputException("--to: the same store as --from");
            }
            using var a = RunsCommand.OpenStore(source);
            using var b = RunStores.Open(target);
            var ids = new JsonObject();
            var result = await StoreCopy.CopyAsync(a, b, (old, now) => ids[old.ToString(CultureInfo.InvariantCulture)] = now, token).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(new JsonObject
                {
                    ["from"] = a.Location, ["to"] = b.Location, ["runs"] = result.Runs, ["skipped"] = result.Skipped, ["responses"] = result.Responses, ["verdicts"] = result.Verdicts, ["ids"] = ids,
                }.ToJsonString(Shared.Relaxed));
            }
            else
            {
                Terminal.Note($"copied {result.Runs} run(s), {result.Responses} response(s) and {result.Verdicts} verdict(s) from {a.Location} to {b.Location}"
                    + (result.Skipped > 0 ? $"; {result.Skipped} run(s) were already there" : ""));
            }
            return AttuneApp.Ok;
        }, ct));
        return cmd;
    }
}
