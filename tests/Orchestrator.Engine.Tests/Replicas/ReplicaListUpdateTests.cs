using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.World;
using Orchestrator.Workflows.ReplicaListUpdate;

namespace Orchestrator.Engine.Tests.Replicas;

/// <summary>S25: the background public-folder replica-list update after a failover, through the real engine, Hangfire and SQLite.</summary>
public sealed class ReplicaListUpdateTests
{
    [Fact]
    public async Task Failover_ReportsInService_BeforeTheUpdateFinishes_ThenEveryFolderListsTheBackup()
    {
        await using var o = await ReplicaScenario.StartAsync(folders: 600, batchSize: 50, parallelism: 2, latency: TimeSpan.FromMilliseconds(2));

        var procedure = await ReplicaScenario.FailOverAsync(o);

        var during = await ReplicaScenario.LatestAsync(o);
        Assert.NotNull(during);
        Assert.True(during.IsActive, $"the update is already {during.State}");
        Assert.True(during.Done < 600, $"{during.Done} folders were done before the failover reported in service");
        Assert.Equal(procedure, during.ProcedureId);
        Assert.Equal(["node2"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));

        // Never more than the configured parallelism of batches (2 × 50 folders) being written at once.
        var folders = o.Get<SimulatedPublicFolders>();
        var names = Enumerable.Range(1, 600).Select(i => $"Public Folders/Folder {i:D6}").ToList();
        var most = 0;
        while ((await ReplicaScenario.LatestAsync(o))!.IsActive)
        {
            most = Math.Max(most, names.Count(n => !folders.IsAvailable(n)));
            await Task.Delay(3);
        }

        Assert.InRange(most, 1, 100);
        var done = await ReplicaScenario.CompletedAsync(o);
        Assert.Equal(ReplicaUpdateStates.Completed, done.State);
        Assert.Equal((600, 600, 600, 0), (done.Total, done.Done, done.Changed, done.Failed));
        var summary = await folders.SummaryAsync(CancellationToken.None);
        Assert.Equal(600, summary.PerServer.GetValueOrDefault("node2"));
        Assert.Equal(0, summary.PerServer.GetValueOrDefault("node1"));
        Assert.Equal(600, summary.Changes);
        Assert.Equal(600, summary.Writes); // nothing written twice
        Assert.Equal(["node2"], await folders.ReplicasOfAsync("Public Folders/Folder 000001", CancellationToken.None));
    }

    [Fact]
    public async Task AFolder_IsUnavailable_OnlyWhileItsOwnWriteRuns()
    {
        await using var o = await ReplicaScenario.StartAsync(folders: 12, batchSize: 3, parallelism: 1, latency: TimeSpan.FromMilliseconds(40));
        var folders = o.Get<SimulatedPublicFolders>();
        var names = Enumerable.Range(1, 12).Select(i => $"Public Folders/Folder {i:D6}").ToList();

        await ReplicaScenario.FailOverAsync(o);
        var samples = 0;
        var sawUnavailable = 0;
        while ((await ReplicaScenario.LatestAsync(o))!.IsActive)
        {
            var unavailable = names.Where(n => !folders.IsAvailable(n)).ToList();
            // One batch (3 folders) at a time: a folder is unavailable from its write until the batch's writes commit.
            var batches = unavailable.Select(n => (names.IndexOf(n)) / 3).Distinct().ToList();
            Assert.True(batches.Count <= 1, $"folders of several batches unavailable at once with one batch at a time: {string.Join(", ", unavailable)}");
            sawUnavailable += unavailable.Count > 0 ? 1 : 0;
            samples++;
            await Task.Delay(5);
        }

        Assert.True(sawUnavailable > 0, "no folder was ever seen unavailable during its write");
        Assert.True(samples > 0);
        Assert.All(names, n => Assert.True(folders.IsAvailable(n)));
    }

    [Fact]
    public async Task MissingFlag_WritesWarning28540_AndDoesNoWork()
    {
        var yaml = ReplicaScenario.Yaml(500, 4).Replace("  update-replica-list: true\n", "", StringComparison.Ordinal);
        Assert.DoesNotContain("update-replica-list:", yaml, StringComparison.Ordinal);
        await using var o = await ReplicaScenario.StartAsync(folders: 20, batchSize: 500, parallelism: 4, latency: TimeSpan.Zero, yaml: yaml);

        var procedure = await ReplicaScenario.FailOverAsync(o);

        var audit = await o.Mediator.Send(new ListAuditQuery("exch1", procedure));
        Assert.Contains(audit, r => r.Reason.Contains("warning 28540", StringComparison.Ordinal) && r.Reason.Contains("update-replica-list", StringComparison.Ordinal));
        Assert.Null(await ReplicaScenario.LatestAsync(o));
        var summary = await o.Get<SimulatedPublicFolders>().SummaryAsync(CancellationToken.None);
        Assert.Equal((20, 0L), (summary.PerServer.GetValueOrDefault("node1"), summary.Writes));
    }

    [Fact]
    public async Task FlagOff_StartsNoUpdate_AndPlansNoStep()
    {
        await using var o = await ReplicaScenario.StartAsync(folders: 5, batchSize: 500, parallelism: 4, latency: TimeSpan.Zero,
            yaml: Orchestrator.Workflows.Samples.Read("two-node"));
        var procedure = await ReplicaScenario.FailOverAsync(o);
        var view = await o.Mediator.Send(new Queries.GetProcedure.GetProcedureQuery(procedure));
        Assert.DoesNotContain(view.Steps, s => s.Action == Orchestrator.Workflows.Resources.StepActions.ReplicasUpdate);
        Assert.Null(await ReplicaScenario.LatestAsync(o));
    }

    [Fact]
    public async Task FailedFolders_AreRetriedThenRecordedWithTheirError_TheRestContinue_AndRetryFailedFixesThem()
    {
        await using var o = await ReplicaScenario.StartAsync(folders: 100, batchSize: 10, parallelism: 2, latency: TimeSpan.Zero);
        var folders = o.Get<SimulatedPublicFolders>();
        await folders.FailFolderAsync("Public Folders/Folder 000007", -1, CancellationToken.None);
        await folders.FailFolderAsync("Public Folders/Folder 000042", 1, CancellationToken.None); // fails once, the retry succeeds

        await ReplicaScenario.FailOverAsync(o);
        var done = await ReplicaScenario.CompletedAsync(o);

        Assert.Equal(ReplicaUpdateStates.Completed, done.State);
        Assert.Equal((99L, 1L), (done.Done, done.Failed));
        var failure = Assert.Single(done.Failures);
        Assert.Equal("Public Folders/Folder 000007", failure.Folder);
        Assert.Equal(TestOrchestrator.FastRetries().MaxAttempts, failure.Attempts);
        Assert.Contains("injected fault", failure.Error, StringComparison.Ordinal);
        Assert.Equal(["node1"], await folders.ReplicasOfAsync("Public Folders/Folder 000007", CancellationToken.None));
        Assert.Equal(["node2"], await folders.ReplicasOfAsync("Public Folders/Folder 000042", CancellationToken.None));
        var audit = await o.Mediator.Send(new ListAuditQuery("exch1", null));
        Assert.Contains(audit, r => r.Kind == ReplicaUpdateAudit.Kind && r.ToState == ReplicaUpdateStates.Completed && r.Reason.Contains("Folder 000007", StringComparison.Ordinal));

        await folders.ClearFolderFaultsAsync(CancellationToken.None);
        var retried = await o.Mediator.Send(new ChangeReplicaUpdateCommand("exch1", ReplicaUpdateOperation.RetryFailed, "tester"));
        Assert.Equal(ReplicaUpdateStates.Running, retried.State);
        var fixedView = await ReplicaScenario.CompletedAsync(o);
        Assert.Equal((100L, 0L, ReplicaUpdateStates.Completed), (fixedView.Done, fixedView.Failed, fixedView.State));
        Assert.Empty(fixedView.Failures);
        Assert.Equal(["node2"], await folders.ReplicasOfAsync("Public Folders/Folder 000007", CancellationToken.None));
    }

    [Fact]
    public async Task PauseStopsNewBatches_ResumeGoesOn_AndEachIsAnAuditRow()
    {
        await using var o = await ReplicaScenario.StartAsync(folders: 300, batchSize: 20, parallelism: 2, latency: TimeSpan.FromMilliseconds(2));
        await ReplicaScenario.FailOverAsync(o);
        await ReplicaScenario.WaitAsync(o, v => v.State == ReplicaUpdateStates.Running && v.Done > 0);

        var paused = await o.Mediator.Send(new ChangeReplicaUpdateCommand("exch1", ReplicaUpdateOperation.Pause, "alice"));
        Assert.Equal(ReplicaUpdateStates.Paused, paused.State);
        await Task.Delay(300); // the batches that were running finish
        var settled = (await ReplicaScenario.LatestAsync(o))!.Done;
        await Task.Delay(300);
        var later = await ReplicaScenario.LatestAsync(o);
        Assert.Equal(settled, later!.Done);
        Assert.True(later.Done < 300, "the update finished although it was paused");

        var resumed = await o.Mediator.Send(new ChangeReplicaUpdateCommand("exch1", ReplicaUpdateOperation.Resume, "alice"));
        Assert.Equal(ReplicaUpdateStates.Running, resumed.State);
        var done = await ReplicaScenario.CompletedAsync(o);
        Assert.Equal((ReplicaUpdateStates.Completed, 300L), (done.State, done.Done));

        var rows = (await o.Mediator.Send(new ListAuditQuery("exch1", null))).Where(r => r.Kind == ReplicaUpdateAudit.Kind).ToList();
        Assert.Equal(
            ["Started", ReplicaUpdateTriggers.Planned, ReplicaUpdateTriggers.Pause, ReplicaUpdateTriggers.Resume, ReplicaUpdateTriggers.BatchesFinished],
            rows.OrderBy(r => r.Id).Select(r => r.TriggerName).ToList());
        Assert.Equal(["alice", "alice"], rows.Where(r => r.TriggerName is ReplicaUpdateTriggers.Pause or ReplicaUpdateTriggers.Resume).Select(r => r.Actor).ToList());
    }

    [Fact]
    public async Task Cancel_StopsTheUpdate_FoldersNotWrittenKeepTheirLists()
    {
        await using var o = await ReplicaScenario.StartAsync(folders: 400, batchSize: 20, parallelism: 1, latency: TimeSpan.FromMilliseconds(2));
        await ReplicaScenario.FailOverAsync(o);
        await ReplicaScenario.WaitAsync(o, v => v.State == ReplicaUpdateStates.Running && v.Done > 0);

        var cancelled = await o.Mediator.Send(new ChangeReplicaUpdateCommand("exch1", ReplicaUpdateOperation.Cancel, "alice"));
        Assert.Equal(ReplicaUpdateStates.Cancelled, cancelled.State);
        await Task.Delay(300);
        var summary = await o.Get<SimulatedPublicFolders>().SummaryAsync(CancellationToken.None);
        Assert.True(summary.PerServer.GetValueOrDefault("node1") > 0, "every folder was written although the update was cancelled");
        Assert.Equal(400, summary.PerServer.GetValueOrDefault("node1") + summary.PerServer.GetValueOrDefault("node2"));
        Assert.Equal(0, summary.FoldersWithoutReplica);
        var after = await o.Get<SimulatedPublicFolders>().SummaryAsync(CancellationToken.None);
        await Task.Delay(200);
        Assert.Equal(after.Writes, (await o.Get<SimulatedPublicFolders>().SummaryAsync(CancellationToken.None)).Writes);
        await Assert.ThrowsAsync<Errors.ProcedureStateException>(() => o.Mediator.Send(new ChangeReplicaUpdateCommand("exch1", ReplicaUpdateOperation.Resume, "alice")).AsTask());
    }

    [Fact]
    public async Task Failback_SupersedesARunningUpdate_AndEveryFolderEndsListingExactlyTheActiveServer()
    {
        await using var o = await ReplicaScenario.StartAsync(folders: 1000, batchSize: 25, parallelism: 2, latency: TimeSpan.FromMilliseconds(1));
        await ReplicaScenario.FailOverAsync(o);
        var first = await ReplicaScenario.WaitAsync(o, v => v.State == ReplicaUpdateStates.Running && v.Done >= 100);
        Assert.True(first.Done < 1000);

        await o.World.RestoreNodeAsync("node1");
        var failback = await o.FailbackAsync();
        Assert.Equal(Procedures.ProcedureStates.Completed, (await o.SettledAsync(failback.Id)).State);
        var second = await ReplicaScenario.WaitAsync(o, v => v.Id != first.Id && !v.IsActive);

        Assert.Equal(ReplicaUpdateStates.Completed, second.State);
        Assert.Equal(("node2", "node1"), (second.FromServer, second.ToServer));
        var store = o.Get<Storage.Replicas.IReplicaUpdateStore>();
        var old = await store.GetAsync(first.Id, CancellationToken.None);
        Assert.Equal((ReplicaUpdateStates.Superseded, (long?)failback.Id), (old!.State, old.SupersededBy));
        var summary = await o.Get<SimulatedPublicFolders>().SummaryAsync(CancellationToken.None);
        Assert.Equal(1000, summary.PerServer.GetValueOrDefault("node1"));
        Assert.Equal(0, summary.PerServer.GetValueOrDefault("node2"));
        Assert.Equal(0, summary.FoldersWithoutReplica);
        var audit = await o.Mediator.Send(new ListAuditQuery("exch1", null));
        Assert.Contains(audit, r => r.Kind == ReplicaUpdateAudit.Kind && r.ToState == ReplicaUpdateStates.Superseded && r.Reason.Contains($"failback #{failback.Id}", StringComparison.Ordinal));
    }
}
