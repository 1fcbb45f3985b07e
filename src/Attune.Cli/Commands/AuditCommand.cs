using System.CommandLine;
using Attune.Chat;
using Attune.Models;
using Attune.Reporting;
using Attune.Running;
using Attune.Storage;
using Attune.Suites;
using Attune.Suites.Safety;

namespace Attune.Cli.Commands;

/// <summary><c>attune audit</c>: the safety judgement on conversations you already have, stored and resumable like a run.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var file = new Option<string>("--file") { Description = "Conversations: JSON Lines of {\"id\", \"messages\": [{\"role\": \"system|user|assistant\", \"content\"}]} (a JSON array file works too).", Required = true };
        var judge = new Option<string?>("--judge") { Description = "The judge model, provider:model (default: $ATTUNE_JUDGE).", DefaultValueFactory = _ => Shared.Default("ATTUNE_JUDGE") };
        var judgeBaseUrl = new Option<string?>("--judge-base-url") { Description = "Base URL of the judge (default: $ATTUNE_JUDGE_BASE_URL, else the provider's environment variables).", DefaultValueFactory = _ => Shared.Default("ATTUNE_JUDGE_BASE_URL") };
        var criteria = new Option<string?>("--criteria") { Description = "safety (default: the reference's nine criteria plus Attune's extra ones) or a criteria file (one per line)." };
        var skipBad = new Option<bool>("--skip-bad") { Description = "Skip bad conversations (each reported with its line) instead of refusing the file." };
        var outFile = new Option<string?>("--out") { Description = "Also write the HTML report here." };
        var parallel = new Option<int>("--parallel") { Description = "Conversations judged at once (and judge requests in flight at most).", DefaultValueFactory = _ => 8 };
        var retries = new Option<int>("--retries") { Description = "Retries of a failed request.", DefaultValueFactory = _ => 6 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one request may take before it is retried.", DefaultValueFactory = _ => 120 };
        var db = RunsCommand.Db();
        var json = Shared.Json();
        var cmd = new Command("audit", "Judge conversations you already have with the safety rubric: incidents per reply, a final judgement, a score.")
        {
            file, judge, judgeBaseUrl, criteria, skipBad, outFile, parallel, retries, timeout, db, json,
        };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, async token =>
        {
            int inFlight = parse.GetValue(parallel);
            if (inFlight is < 1 or > 1024) throw new InputException("--parallel: must be between 1 and 1024");
            if (parse.GetValue(retries) is < 0 or > 100) throw new InputException("--retries: must be between 0 and 100");
            var seconds = parse.GetValue(timeout);
            if (!double.IsFinite(seconds) || seconds <= 0 || seconds > 3600) throw new InputException("--timeout: must be a number of seconds between 0 and 3600");
            var judgeSpec = ModelSpec.Parse((parse.GetValue(judge) ?? throw new InputException("--judge: give the judge model, provider:model (or set ATTUNE_JUDGE)")));
            var arguments = new Dictionary<string, string?> { ["criteria"] = parse.GetValue(criteria), ["skip-bad"] = parse.GetValue(skipBad) ? "true" : null };
            var suite = (AuditSuite)new AuditSuiteDefinition().Create(new SuiteRequest(parse.GetValue(file), judgeSpec, new SuiteArguments(arguments)) { Judge = judgeSpec });
            foreach (var skipped in suite.Conversations.Skipped) Terminal.Note("skipped " + skipped);
            using var role = RoleModel.Create(ModelRole.Judge, (parse.GetValue(judge) ?? throw new InputException("--judge: give the judge model, provider:model (or set ATTUNE_JUDGE)")), parse.GetValue(judgeBaseUrl),
                new RetryOptions { MaxRetries = parse.GetValue(retries), RequestTimeout = TimeSpan.FromSeconds(seconds) }, inFlight);
            bool asJson = parse.GetValue(json);
            using var store = RunStores.Open(parse.GetValue(db) ?? RunStores.DefaultLocation());
            var outcome = await Terminal.WithProgress($"audit · {suite.TrialIds.Count} conversations", progress =>
                SuiteRunner.RunAsync(store, suite, [role], new RunOptions { Parallel = inFlight, Progress = progress }, token)).ConfigureAwait(false);
            if (parse.GetValue(outFile) is { } path)
            {
                var report = await RunReports.BuildAsync(new RunCatalog(store, PriceTable.Load()), outcome.Run, token).ConfigureAwait(false);
                await Shared.WriteAtomically(path, (tmp, t) => File.WriteAllTextAsync(tmp, ReportWriter.Html(report), t), token).ConfigureAwait(false);
            }
            if (asJson) Terminal.WriteJson(stream => outcome.Result.WriteJson(stream, new Attune.Suites.ResultContext(null, outcome.Run.Id)));
            else
            {
                Terminal.WriteResult(outcome.Result, $"audit · {suite.ItemSet} · judge {judgeSpec}");
                Terminal.Note($"run {outcome.Run.Id}{(outcome.Resumed ? " (resumed)" : "")} · store {store.Location}{(parse.GetValue(outFile) is { } o ? " · report " + o : "")}");
            }
            return AttuneApp.Ok;
        }, ct));
        return cmd;
    }
}
