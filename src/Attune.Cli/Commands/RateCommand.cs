using System.CommandLine;
using System.Globalization;
using Attune.Chat;
using Attune.Running;
using Attune.Storage;
using Attune.Suites.Eq3;

namespace Attune.Cli.Commands;

/// <summary><c>attune rate</c>: pairwise ratings of the subjects of stored eq3 runs (EQ-Bench 3's TrueSkill ladder).</summary>
internal static class RateCommand
{
    public static Command Create()
    {
        var suite = new Option<string>("--suite") { Description = "The suite whose runs to rate: eq3.", DefaultValueFactory = _ => "eq3" };
        var judge = new Option<string?>("--judge") { Description = "The judge model, provider:model (default: $ATTUNE_JUDGE).", DefaultValueFactory = _ => Shared.Default("ATTUNE_JUDGE") };
        var judgeBaseUrl = new Option<string?>("--judge-base-url") { Description = "Base URL of the judge (default: $ATTUNE_JUDGE_BASE_URL, else the provider's environment variables).", DefaultValueFactory = _ => Shared.Default("ATTUNE_JUDGE_BASE_URL") };
        var runs = new Option<string?>("--runs") { Description = "Comma-separated eq3 run ids (default: every eq3 run in the store)." };
        var allPairs = new Option<bool>("--all-pairs") { Description = "Judge every shared scenario of every pair instead of the reference's matchup schedule." };
        var leaderboard = new Option<string?>("--leaderboard") { Description = "A folder with canonical_leaderboard_results.json.gz and canonical_leaderboard_elo_results.json.gz, to place models on the public ladder." };
        var parallel = new Option<int>("--parallel") { Description = "Judge requests in flight at most.", DefaultValueFactory = _ => 8 };
        var db = RunsCommand.Db();
        var json = Shared.Json();
        var cmd = new Command("rate", "Rate models pairwise from stored eq3 transcripts (both orders, anonymised, TrueSkill ladder).")
        {
            suite, judge, judgeBaseUrl, runs, allPairs, leaderboard, parallel, db, json,
        };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, async token =>
        {
            if (parse.GetValue(suite) != Eq3Suite.Name) throw new InputException($"--suite: \"{parse.GetValue(suite)}\" has no pairwise ratings; use eq3");
            int inFlight = parse.GetValue(parallel);
            if (inFlight is < 1 or > 1024) throw new InputException("--parallel: must be between 1 and 1024");
            Eq3Leaderboard? board = null;
            if (parse.GetValue(leaderboard) is { } dir)
            {
                var runsFile = Path.Combine(dir, "canonical_leaderboard_results.json.gz");
                var eloFile = Path.Combine(dir, "canonical_leaderboard_elo_results.json.gz");
                if (!File.Exists(runsFile) || !File.Exists(eloFile)) throw new InputException($"--leaderboard: {dir} needs canonical_leaderboard_results.json.gz and canonical_leaderboard_elo_results.json.gz");
                board = Eq3Leaderboard.Load(runsFile, eloFile);
            }
            using var store = RunsCommand.OpenStore(parse.GetValue(db));
            var chosen = await RatingRunner.ChooseRunsAsync(store, ParseIds(parse.GetValue(runs)), token).ConfigureAwait(false);
            using var role = RoleModel.Create(ModelRole.Judge, (parse.GetValue(judge) ?? throw new InputException("--judge: give the judge model, provider:model (or set ATTUNE_JUDGE)")), parse.GetValue(judgeBaseUrl), new RetryOptions(), inFlight);
            var (run, rating) = await Terminal.WithProgress($"rate · {chosen.Count} run(s)", progress =>
                RatingRunner.RateAsync(store, chosen, role, parse.GetValue(allPairs), board, progress, token)).ConfigureAwait(false);
            if (parse.GetValue(json)) Terminal.WriteJson(stream => rating.WriteJson(stream, run.Id));
            else
            {
                Terminal.WriteLadder(rating);
                Terminal.Note($"rating run {run.Id} · {rating.Comparisons.Count} comparisons · store {store.Location}");
            }
            return AttuneApp.Ok;
        }, ct));
        return cmd;
    }

    private static List<long>? ParseIds(string? ids)
    {
        if (ids is null) return null;
        var list = new List<long>();
        foreach (var part in ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) throw new InputException($"--runs: \"{part}\" is not a run id");
            list.Add(id);
        }
        return list;
    }
}
