using System.CommandLine;
using System.Security.Cryptography;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Cli.Output;
using Orchestrator.Engine.Commands.ApplyCluster;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.GetStatus;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Host.Credentials;
using Orchestrator.Workflows;
using Orchestrator.Workflows.Switchover;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// `demo`: in a fresh data directory, apply two-node.yaml, set a demo directory account (random password, S15), switch
/// over to the backup and back, show status and audit.
/// </summary>
public static class DemoCommand
{
    /// <summary>The directory account the demo sets (S15), with a random password.</summary>
    public const string DemoAccount = @"DEMO\orchestrator";

    public static Command Create()
    {
        var command = new Command("demo", "Apply the two-node sample, switch over to the backup and back, print status and the audit timeline");
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var dataDir = result.GetValue(GlobalOptions.DataDir) is { } given
                ? Path.GetFullPath(given)
                : Path.Combine(Path.GetTempPath(), $"orchestrator-demo-{Guid.NewGuid().ToString("N")[..8]}");
            if (Directory.Exists(dataDir) && Directory.EnumerateFileSystemEntries(dataDir).Any())
            {
                throw new Engine.Errors.BadInputException($"the demo needs a fresh data directory, and {dataDir} is not empty; pass another --data-dir or none");
            }

            Directory.CreateDirectory(dataDir);
            var definition = Path.Combine(dataDir, "two-node.yaml");
            await File.WriteAllTextAsync(definition, Samples.Read("two-node"), cancellationToken).ConfigureAwait(false);
            Console.Out.WriteLine($"demo data directory: {dataDir}");

            await using var session = await RunnerSession.OpenAsync(dataDir, result.GetValue(GlobalOptions.LogJson), mustRun: true, createIfMissing: true, cancellationToken).ConfigureAwait(false);
            var mediator = session.Mediator;
            var actor = GlobalOptions.ResolveActor(result);
            var applied = await mediator.Send(new ApplyClusterCommand(definition, actor), cancellationToken).ConfigureAwait(false);
            Console.Out.WriteLine($"applied cluster {applied.Cluster} v{applied.Version}");

            // S15: every move needs the directory account; the demo sets one with a random password it never shows.
            var credentials = (session.Runner ?? throw new InvalidOperationException("the demo runs its steps itself")).Get<DirectoryCredentialWriter>();
            await credentials.SetAsync(DemoAccount, Convert.ToHexString(RandomNumberGenerator.GetBytes(24)), actor, cancellationToken).ConfigureAwait(false);
            Console.Out.WriteLine($"directory credentials set for {DemoAccount} with a random password (encrypted with the key ring in {credentials.KeysDirectory}; "
                + $"for a real cluster: `orchestrator credentials set --user DOMAIN\\user`)");

            foreach (var (target, why) in new[] { ("node2", "demo: planned maintenance on node1"), ("node1", "demo: maintenance done, back to the primary") })
            {
                var started = await mediator.Send(new StartSwitchoverCommand("exch1", target, actor, why), cancellationToken).ConfigureAwait(false);
                Console.Out.WriteLine($"switchover #{started.Id}: exch1 {started.SourceNode} -> {started.TargetNode} ({started.Steps} steps)");
                var view = await ProcedureWatcher.WatchAsync(mediator, session.Availability, started.Id, session.TryTakeOverAsync, cancellationToken).ConfigureAwait(false);
                if (view.State != ProcedureStates.Completed)
                {
                    return ProcedureOutcome.Report(view, json: false);
                }
            }

            Tables.Status(await mediator.Send(new GetStatusQuery(), cancellationToken).ConfigureAwait(false));
            Tables.Audit(await mediator.Send(new ListAuditQuery("exch1", null), cancellationToken).ConfigureAwait(false));
            return ExitCodes.Ok;
        });
        return command;
    }
}
