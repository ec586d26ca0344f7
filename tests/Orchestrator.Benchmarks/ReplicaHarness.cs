using System.Diagnostics;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Storage.Sqlite;
using Orchestrator.Engine.Commands.ApplyCluster;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.GetProcedure;
using Orchestrator.Environment.World;
using Orchestrator.Host.Composition;
using Orchestrator.Host.Runtime;
using Orchestrator.Storage;
using Orchestrator.Storage.Replicas;
using Orchestrator.Workflows.Failover;
using Orchestrator.Workflows.ReplicaListUpdate;
using Orchestrator.Host.Credentials;
using Orchestrator.Testing;

namespace Orchestrator.Benchmarks;

/// <summary>One replica-list update measured: folders, wall time from the failover's end to the update's, and the engine's own figures.</summary>
internal sealed record ReplicaSample(int Folders, int BatchSize, int Parallelism, TimeSpan Latency, TimeSpan Wall, long Done, long Failed, string State)
{
    public double FoldersPerSecond => Done / Wall.TotalSeconds;
}

/// <summary>
/// The real composition end to end — SQLite product tables, the SQLite world (world.db with its public-folder tables),
/// a Hangfire.InMemory server, the sweeper — on a two-node cluster with update-replica-list on: seeds folders on
/// node1, fails node1, runs the failover, then times the background update the failover started.
/// </summary>
internal static class ReplicaHarness
{
    public static async Task<ReplicaSample> RunAsync(string directory, int folders, int batchSize, int parallelism, TimeSpan latency, WarningLog warnings, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        new OrchestratorDatabase(directory).EnsureCreated();
        using var runnerLock = RunnerLock.TryAcquire(directory) ?? throw new InvalidOperationException($"could not take the runner lock of {directory}");
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(warnings);
            logging.SetMinimumLevel(LogLevel.Warning);
        });
        services.AddOrchestrator(new OrchestratorOptions { DataDirectory = directory, RunsJobs = true, Engine = new EngineOptions() });
        var provider = services.BuildServiceProvider();
        try
        {
            var mediator = provider.GetRequiredService<IMediator>();
            var definition = Path.Combine(directory, "cluster.yaml");
            await File.WriteAllTextAsync(definition, Yaml(batchSize, parallelism), cancellationToken).ConfigureAwait(false);
            await mediator.Send(new ApplyClusterCommand(definition, "bench"), cancellationToken).ConfigureAwait(false);
            // S15: the failover needs the directory account (real writer, store and key ring); set untimed.
            await provider.GetRequiredService<DirectoryCredentialWriter>()
                .SetAsync(TestDirectoryAccount.User, TestDirectoryAccount.Password, "bench", cancellationToken).ConfigureAwait(false);
            var world = provider.GetRequiredService<SimulatedWorld>();
            await provider.GetRequiredService<SimulatedPublicFolders>().SeedAsync(folders, ["node1"], cancellationToken: cancellationToken).ConfigureAwait(false);
            if (latency > TimeSpan.Zero)
            {
                await world.SetLatencyAsync(EffectKind.PublicFolderWrite, latency, cancellationToken).ConfigureAwait(false);
            }

            await provider.GetRequiredService<OrchestratorRuntime>().StartAsync(cancellationToken).ConfigureAwait(false);
            await world.FailNodeAsync("node1", cancellationToken).ConfigureAwait(false);
            var outcome = await mediator.Send(new StartFailoverCommand("exch1", null, "bench", "node1 failed (benchmark)", true), cancellationToken).ConfigureAwait(false);
            var failover = outcome.Started ?? throw new InvalidOperationException($"no failover started: {outcome.Decision.Reason}");
            while ((await mediator.Send(new GetProcedureQuery(failover.Id), cancellationToken).ConfigureAwait(false)) is { IsActive: true } running)
            {
                if (running.State == ProcedureStates.WaitingForOperator)
                {
                    throw new InvalidOperationException($"the failover waits for an operator: {running.LastError}");
                }

                await Task.Delay(2, cancellationToken).ConfigureAwait(false);
            }

            // The clock starts when the failover has reported the hierarchy in service: the update runs after that.
            var started = Stopwatch.GetTimestamp();
            var store = provider.GetRequiredService<IReplicaUpdateStore>();
            var deadline = TimeSpan.FromMinutes(10);
            ReplicaUpdateRecord? update;
            while ((update = await store.LatestAsync("exch1", cancellationToken).ConfigureAwait(false)) is null or { IsActive: true })
            {
                if (Stopwatch.GetElapsedTime(started) > deadline)
                {
                    throw new TimeoutException($"the replica-list update did not finish in {deadline}: {update?.State} {update?.Done}/{update?.Total}");
                }

                await Task.Delay(2, cancellationToken).ConfigureAwait(false);
            }

            var wall = Stopwatch.GetElapsedTime(started);
            return new ReplicaSample(folders, batchSize, parallelism, latency, wall, update.Done, update.Failed, update.State);
        }
        finally
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            SqliteConnection.ClearAllPools();
        }
    }

    private static string Yaml(int batchSize, int parallelism) =>
        Workflows.Samples.Read("two-node").Replace(
            "  update-replica-list: false",
            $"  update-replica-list: true\n  replica-batch-size: {batchSize}\n  replica-parallelism: {parallelism}",
            StringComparison.Ordinal);
}
