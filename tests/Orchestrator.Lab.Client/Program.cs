using Orchestrator.Lab.Client;

if (LoadOptions.Parse(args) is not { } options)
{
    await Console.Error.WriteLineAsync(LoadOptions.Usage);
    return 2;
}

var summary = await new SmtpLoad(options, Console.Out).RunAsync();
return summary.Attempted == 0 ? 1 : 0;
