using System.Diagnostics;
using System.Text.Json;

namespace Attune.Cli.Tests;

/// <summary>attune estimate --jsonl as a pipe: answers come per line while input is still open, in order, ids carried.</summary>
public class EstimateStreamTests
{
    private static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(CliRunner.AttuneDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    [Fact]
    public async Task Each_line_is_answered_before_the_next_is_sent_and_ids_and_order_are_kept()
    {
        using var p = Start("estimate", "--jsonl");
        var stderr = p.StandardError.ReadToEndAsync();
        string[] lines = ["{\"id\": 17, \"text\": \"I am so angry at you\"}", "Thank you so much, this made my day!", "{\"id\": \"x-2\", \"text\": \"{braces} are fine\"}", "{not json at all", ""];
        var answers = new List<JsonDocument>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var line in lines)
        {
            await p.StandardInput.WriteLineAsync(line);
            await p.StandardInput.FlushAsync();
            // the pipe stays open: the answer must come now, not at the end of the input
            var answer = await p.StandardOutput.ReadLineAsync(cts.Token);
            Assert.NotNull(answer);
            answers.Add(JsonDocument.Parse(answer));
        }
        p.StandardInput.Close();
        Assert.Null(await p.StandardOutput.ReadLineAsync(cts.Token));
        await p.WaitForExitAsync(cts.Token);
        Assert.True(p.ExitCode == 0, await stderr);
        Assert.Equal(17, answers[0].RootElement.GetProperty("id").GetInt32());
        Assert.Contains("anger", answers[0].RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.False(answers[1].RootElement.TryGetProperty("id", out _));
        Assert.Equal("Thank you so much, this made my day!", answers[1].RootElement.GetProperty("text").GetString());
        Assert.Contains("gratitude", answers[1].RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("x-2", answers[2].RootElement.GetProperty("id").GetString());
        Assert.Equal("{braces} are fine", answers[2].RootElement.GetProperty("text").GetString());
        Assert.Equal("{not json at all", answers[3].RootElement.GetProperty("text").GetString());
        Assert.Equal(28, answers[4].RootElement.GetProperty("scores").EnumerateObject().Count());
        foreach (var a in answers) a.Dispose();
    }

    [Fact]
    public async Task A_json_line_without_text_is_refused_by_line_number()
    {
        using var p = Start("estimate", "--jsonl");
        await p.StandardInput.WriteAsync("fine\n{\"id\": 2, \"txt\": \"typo\"}\n");
        p.StandardInput.Close();
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.Equal(2, p.ExitCode);
        Assert.Contains("stdin line 2", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_lines_stream_through_in_order()
    {
        using var p = Start("estimate", "--jsonl", "--taxonomy", "ekman");
        var writer = Task.Run(async () =>
        {
            for (int i = 0; i < 20_000; i++) await p.StandardInput.WriteLineAsync($"{{\"id\": {i}, \"text\": \"line {i}: what a wonderful and surprising day\"}}");
            p.StandardInput.Close();
        });
        int expected = 0;
        while (await p.StandardOutput.ReadLineAsync() is { } line)
        {
            using var doc = JsonDocument.Parse(line);
            Assert.Equal(expected++, doc.RootElement.GetProperty("id").GetInt32());
            Assert.Equal(7, doc.RootElement.GetProperty("scores").EnumerateObject().Count());
        }
        await writer;
        await p.WaitForExitAsync();
        Assert.Equal(0, p.ExitCode);
        Assert.Equal(20_000, expected);
    }
}
