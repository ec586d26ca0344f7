using System.CommandLine;
using System.Runtime.InteropServices;
using Orchestrator.Cli.Infrastructure;

namespace Orchestrator.Cli.Commands;

/// <summary>`serve`: the Hangfire server and the sweeper, until Ctrl+C or SIGTERM.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run procedures (Hangfire workers, the sweeper) and monitor the cluster (S18), until Ctrl+C");
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var dataDir = GlobalOptions.ResolveDataDir(result);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
            await using var session = await RunnerSession.OpenAsync(dataDir, result.GetValue(GlobalOptions.LogJson), mustRun: true, createIfMissing: false, cancellationToken, monitor: true).ConfigureAwait(false);
            Console.Out.WriteLine($"serving {dataDir} (pid {System.Environment.ProcessId}); Ctrl+C to stop");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            Console.Out.WriteLine("stopping");
            return ExitCodes.Ok;
        });
        return command;
    }
}
