using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Attune.Chat;
using Attune.Guard;
using Attune.Models;
using Microsoft.Extensions.AI;

namespace Attune.Cli.Commands;

/// <summary><c>attune guard eval</c>: measure a reply assessor on the labelled guard set.</summary>
internal static class GuardCommand
{
    public static Command Create()
    {
        var assessor = new Option<string>("--assessor") { Description = "local, model:SPEC (a judge model, e.g. model:openai:gpt-4o-mini) or local+model:SPEC (the judge only where the local assessor is unsure).", DefaultValueFactory = _ => "local" };
        var split = new Option<string>("--split") { Description = "test (report on it), dev or train (the splits the local assessor was trained on; train is in tools/guard-set/train, give it with --set).", DefaultValueFactory = _ => "test" };
        var set = new Option<string?>("--set") { Description = "Another labelled set (JSON Lines of {id, user, context, reply, labels, split}); default Attune's own." };
        var baseUrl = new Option<string?>("--base-url") { Description = "Base URL of the judge model." };
        var parallel = new Option<int>("--parallel") { Description = "Judge requests in flight at once (the local assessor always runs on one thread).", DefaultValueFactory = _ => 4 };
        var json = Shared.Json();
        var eval = new Command("eval", "Per-criterion precision, recall and F1, macro-F1 and latency per reply of an assessor on the guard set.") { assessor, split, set, baseUrl, parallel, json };
        eval.SetAction((parse, ct) => AttuneApp.Guard(parse, async token =>
        {
            var which = parse.GetValue(split)!;
            if (!GuardSet.Splits.Contains(which)) throw new InputException($"--split: \"{which}\" is not test, dev or train");
            int inFlight = parse.GetValue(parallel);
            if (inFlight is < 1 or > 256) throw new InputException("--parallel: must be between 1 and 256");
            var items = (parse.GetValue(set) is { } path ? GuardSet.Load(path) : GuardSet.LoadEmbedded()).Where(i => i.Split == which).ToList();
            if (items.Count == 0) throw new InputException($"--split: the set has no {which} replies");
            using var built = CreateAssessor(parse.GetValue(assessor)!, parse.GetValue(baseUrl), null);
            bool asJson = parse.GetValue(json);
            if (built.Assessor is LocalReplyAssessor local) local.Assess("warm-up", "warm-up"); // load the model before the clock starts
            var measurement = await GuardMeasurement.RunAsync(built.Assessor, items, built.Assessor is LocalReplyAssessor ? 1 : inFlight, null, token).ConfigureAwait(false);
            if (measurement.Failures == items.Count) throw new ProviderException($"every assessment failed: {measurement.FirstError}");
            if (asJson) Terminal.WriteJson(stream => WriteJson(stream, measurement, which));
            else
            {
                Terminal.WriteGuardMeasurement(measurement, which);
                if (measurement.Failures > 0) Terminal.Note($"{measurement.Failures} assessment(s) failed and count as flagging nothing; first: {measurement.FirstError}");
            }
            return AttuneApp.Ok;
        }, ct));
        var reply = new Argument<string>("reply") { Description = "The assistant's reply to check." };
        var user = new Option<string?>("--user") { Description = "The user turn the reply answers." };
        var checkAssessor = new Option<string>("--assessor") { Description = "local, model:SPEC or local+model:SPEC.", DefaultValueFactory = _ => "local" };
        var checkBaseUrl = new Option<string?>("--base-url") { Description = "Base URL of the judge model." };
        var checkJson = Shared.Json();
        var check = new Command("check", "Check one reply: which criteria fire, how strongly, and the snippet.") { reply, user, checkAssessor, checkBaseUrl, checkJson };
        check.SetAction((parse, ct) => AttuneApp.Guard(parse, async token =>
        {
            using var built = CreateAssessor(parse.GetValue(checkAssessor)!, parse.GetValue(checkBaseUrl), null);
            var userText = parse.GetValue(user) ?? "";
            IReadOnlyList<ChatMessage> messages = userText.Length == 0 ? [] : [new ChatMessage(ChatRole.User, userText)];
            var verdict = await built.Assessor.AssessAsync(messages, parse.GetValue(reply)!, token).ConfigureAwait(false);
            if (parse.GetValue(checkJson))
            {
                Terminal.WriteJson(stream =>
                {
                    using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = Shared.Relaxed.Encoder });
                    w.WriteStartObject();
                    w.WriteString("assessor", verdict.Assessor);
                    w.WriteBoolean("flagged", verdict.IsFlagged);
                    w.WriteStartArray("findings");
                    foreach (var f in verdict.Findings)
                    {
                        w.WriteStartObject();
                        w.WriteString("criterion", f.Criterion);
                        w.WriteNumber("strength", Math.Round(f.Strength, 4));
                        w.WriteString("snippet", f.Snippet);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteStartObject("scores");
                    foreach (var (c, v) in verdict.Scores) w.WriteNumber(c, Math.Round(v, 4));
                    w.WriteEndObject();
                    w.WriteEndObject();
                });
            }
            else Terminal.WriteAssessment(verdict);
            return AttuneApp.Ok;
        }, ct));
        return new Command("guard", "Run-time safeguards: check replies and measure the assessors that UseManipulationGuard and attune proxy use.") { eval, check };
    }

    /// <summary>An assessor built from a spec, with the clients it owns.</summary>
    internal sealed record BuiltAssessor(IReplyAssessor Assessor, IDisposable? Owner) : IDisposable
    {
        public void Dispose() => Owner?.Dispose();
    }

    /// <summary>Builds <c>local</c>, <c>model:SPEC</c> or <c>local+model:SPEC</c>.</summary>
    internal static BuiltAssessor CreateAssessor(string spec, string? baseUrl, TimeSpan? timeout)
    {
        if (spec == "local") return new BuiltAssessor(LocalReplyAssessor.Load(), null);
        bool combined = spec.StartsWith("local+model:", StringComparison.Ordinal);
        if (!combined && !spec.StartsWith("model:", StringComparison.Ordinal))
        {
            throw new InputException($"--assessor: \"{spec}\" is not supported; use local, model:SPEC or local+model:SPEC");
        }
        var modelSpec = spec[(spec.IndexOf("model:", StringComparison.Ordinal) + "model:".Length)..];
        var model = ModelSpec.Parse(modelSpec);
        if (model.Provider == "builtin") throw new InputException("--assessor: the built-in baseline cannot judge replies; name a real model");
        var options = new ModelOptions { BaseUrl = baseUrl, RequestTimeout = timeout ?? TimeSpan.FromSeconds(120) };
        var endpoint = model.Endpoint(options);
        var client = model.CreateChatClient(options).AsBuilder().UseRetries(o => { o.Endpoint = endpoint; o.MaxRetries = 2; }).Build();
        var judge = new JudgeReplyAssessor(client, "model:" + model, new JudgeReplyAssessorOptions { RequestOptions = new ChatOptions { Temperature = 0 } });
        return new BuiltAssessor(combined ? new CombinedReplyAssessor(LocalReplyAssessor.Load(), judge) : judge, client);
    }

    private static void WriteJson(Stream stream, GuardMeasurement m, string split)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = Shared.Relaxed.Encoder });
        static double R(double v) => Math.Round(v, 4);
        w.WriteStartObject();
        w.WriteString("assessor", m.Assessor);
        w.WriteString("split", split);
        w.WriteNumber("replies", m.Evaluation.Replies);
        w.WriteNumber("macroF1", R(m.Evaluation.MacroF1));
        w.WriteStartObject("anyCriterion");
        WriteRow(w, m.Evaluation.Flagged);
        w.WriteEndObject();
        w.WriteStartArray("criteria");
        foreach (var c in m.Evaluation.Criteria)
        {
            w.WriteStartObject();
            w.WriteString("criterion", c.Criterion);
            WriteRow(w, c);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("latency");
        w.WriteNumber("meanMs", R(m.MeanLatency.TotalMilliseconds));
        w.WriteNumber("p50Ms", R(m.MedianLatency.TotalMilliseconds));
        w.WriteNumber("p99Ms", R(m.P99Latency.TotalMilliseconds));
        w.WriteNumber("repliesPerSecond", Math.Round(m.RepliesPerSecond, 1));
        w.WriteEndObject();
        w.WriteNumber("failures", m.Failures);
        w.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter w, CriterionMetrics c)
    {
        w.WriteNumber("support", c.Support);
        w.WriteNumber("predicted", c.Predicted);
        w.WriteNumber("truePositives", c.TruePositives);
        w.WriteNumber("precision", Math.Round(c.Precision, 4));
        w.WriteNumber("recall", Math.Round(c.Recall, 4));
        w.WriteNumber("f1", Math.Round(c.F1, 4));
    }

    internal static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString(t.TotalMilliseconds < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture);
}
