using System.CommandLine;

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
                return ErrorReporter.Report(e);
            }
        });
}
