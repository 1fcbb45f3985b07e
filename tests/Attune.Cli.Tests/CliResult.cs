namespace Attune.Cli.Tests;

/// <summary>The result of running the real <c>attune</c> binary.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed);
