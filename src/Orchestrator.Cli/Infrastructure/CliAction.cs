using System.CommandLine;
using Mediator;
using Orchestrator.Cli.Output;

namespace Orchestrator.Cli.Infrastructure;

/// <summary>Wraps a command body so every failure becomes a message and an exit code.</summary>
public static class CliAction
{
    public static void Set(Command command, Func<ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                return await body(result, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return ErrorReporter.Report(e, result);
            }
        });

    /// <summary>A read command: refuses an empty data directory, sends the query, prints JSON with --json, else the table.</summary>
    public static void SetQuery<T>(Command command, Func<ParseResult, IQuery<T>> query, Action<T> table) =>
        Set(command, async (result, cancellationToken) =>
        {
            await using var services = CliServices.ForExisting(GlobalOptions.ResolveDataDir(result), result.GetValue(GlobalOptions.LogJson));
            var answer = await services.Mediator.Send(query(result), cancellationToken).ConfigureAwait(false);
            if (result.GetValue(GlobalOptions.Json))
            {
                return JsonOutput.Write(answer);
            }

            table(answer);
            return ExitCodes.Ok;
        });
}
