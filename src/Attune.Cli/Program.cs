using Attune.Cli;

return await AttuneApp.RunAsync(args).ConfigureAwait(false);
