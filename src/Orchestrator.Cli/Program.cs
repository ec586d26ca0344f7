using Orchestrator.Cli;

return await CliApplication.RunAsync(args).ConfigureAwait(false);
