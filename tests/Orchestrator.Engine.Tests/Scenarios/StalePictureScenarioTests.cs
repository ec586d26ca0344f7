using System.Collections.Concurrent;
using Orchestrator.Engine.Commands;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.World;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Switchover;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>Issue 10 point 5: a request is checked against the active procedure first, and planned from the state after it takes the slot.</summary>
public sealed class StalePictureScenarioTests
{
    [Fact]
    public async Task ARequestToTheNodeItIsStillOn_WhileAnotherProcedureMovesIt_IsAConflictNamingThatProcedure()
    {
        await using var o = await TestOrchestrator.StartAsync(runsJobs: false);
        var moving = await o.SwitchoverAsync("node2");

        var back = await Assert.ThrowsAsync<ActiveProcedureConflictException>(() => o.SwitchoverAsync("node1"));
        var failback = await Assert.ThrowsAsync<ActiveProcedureConflictException>(() => o.FailbackAsync());

        Assert.Equal(moving.Id, back.ActiveId);
        Assert.Equal(moving.Id, failback.ActiveId);
        Assert.Contains($"#{moving.Id} switchover", back.Message, StringComparison.Ordinal);
        Assert.Single(await o.Store.ListAsync(null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task APlanFromAPictureThatNoLongerHolds_IsNotCreated()
    {
        await using var o = await TestOrchestrator.StartAsync();
        var launcher = o.Get<ProcedureLauncher>();
        var before = await launcher.ResolveForMoveAsync("exch1", CancellationToken.None);
        var other = await o.SwitchoverAsync("node2");
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(other.Id)).State);

        var stale = await Assert.ThrowsAsync<StalePlanException>(() => launcher.LaunchAsync(
            new LaunchRequest(SwitchoverProcedure.KindName, before, before.PlacedOn, "node2", "tester", "planned from node1"), CancellationToken.None));

        Assert.Equal("node1", stale.PlannedFrom.PlacedOn);
        Assert.Equal("node2", stale.Now.PlacedOn);
        Assert.Contains($"#{other.Id}", stale.Message, StringComparison.Ordinal);
        Assert.Single(await o.Store.ListAsync(null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task ARequestOvertakenByAnotherMove_IsPlannedAgainFromWhereTheHierarchyIsNow()
    {
        await using var o = await TestOrchestrator.StartAsync();
        var launcher = o.Get<ProcedureLauncher>();
        var attempts = 0;

        var started = await ProcedureLauncher.PlanFromCurrentStateAsync(async () =>
        {
            var context = await launcher.ResolveForMoveAsync("exch1", CancellationToken.None);
            if (++attempts == 1)
            {
                // Between this request's read and its commit, another operator's switchover runs to the end.
                var other = await o.SwitchoverAsync("node2");
                await o.SettledAsync(other.Id);
            }

            var source = context.PlacedOn!;
            var target = source == "node1" ? "node2" : "node1";
            return await launcher.LaunchAsync(
                new LaunchRequest(SwitchoverProcedure.KindName, context, source, target, "tester", $"to the other node than {source}"), CancellationToken.None);
        });

        Assert.Equal(2, attempts);
        Assert.Equal("node2", started.SourceNode);
        Assert.Equal("node1", started.TargetNode);
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(started.Id)).State);
        Assert.Equal(["node1"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
    }

    [Fact]
    public async Task ManyRequestsWhileProceduresRun_AreRefusedNamingTheActiveOne_OrPlannedFromTheRealPlacement()
    {
        await using var o = await TestOrchestrator.StartAsync();
        // Each move takes at least 3 × 200 ms, so requests meet running procedures; a procedure's times are stamped just
        // before its commit, hence the slack when the requests' times are compared with them.
        await o.World.SetLatencyAsync(EffectKind.VolumeMount, TimeSpan.FromMilliseconds(200));
        var slack = TimeSpan.FromMilliseconds(150);
        var started = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var time = o.Get<TimeProvider>();
        var outcomes = new ConcurrentBag<(DateTimeOffset From, DateTimeOffset To, string Target, object Result)>();

        async Task OperatorAsync(int worker)
        {
            // Back to back, alternating targets, until six moves have started (or 20 s).
            for (var i = 0; Volatile.Read(ref started) < 6 && clock.Elapsed < TimeSpan.FromSeconds(20); i++)
            {
                var target = (worker + i) % 2 == 0 ? "node2" : "node1";
                var from = time.GetUtcNow();
                object result;
                try
                {
                    result = await o.SwitchoverAsync(target);
                    Interlocked.Increment(ref started);
                }
                catch (Exception e) when (e is ActiveProcedureConflictException or BadInputException or StalePlanException)
                {
                    result = e;
                }

                outcomes.Add((from, time.GetUtcNow(), target, result));
                await Task.Delay(3);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(OperatorAsync));
        var procedures = (await o.Store.ListAsync("exch1", 100, CancellationToken.None)).OrderBy(p => p.Id).ToList();
        foreach (var p in procedures)
        {
            await o.SettledAsync(p.Id);
        }

        procedures = (await o.Store.ListAsync("exch1", 100, CancellationToken.None)).OrderBy(p => p.Id).ToList();
        var byId = procedures.ToDictionary(p => p.Id);
        Assert.True(procedures.Count >= 6, $"only {procedures.Count} procedure(s) started");
        foreach (var (from, to, target, result) in outcomes)
        {
            switch (result)
            {
                case ActiveProcedureConflictException conflict:
                    // The named procedure was active at some moment of the request.
                    var active = byId[conflict.ActiveId];
                    Assert.True(active.CreatedAt <= to + slack && (active.CompletedAt is null || active.CompletedAt >= from - slack), $"#{active.Id} ({active.CreatedAt:O} - {active.CompletedAt:O}) was not active during the request {from:O} - {to:O}: {conflict.Message}");
                    break;
                case BadInputException refused:
                    Assert.Contains($"already in service on {target}", refused.Message, StringComparison.Ordinal);
                    // Never while another procedure was moving it: one active through the whole request is a conflict, not this.
                    var overlapping = procedures.Where(p => p.CreatedAt < from - slack && (p.CompletedAt is null || p.CompletedAt > to + slack)).ToList();
                    Assert.True(overlapping.Count == 0, $"'{refused.Message}' while #{string.Join(", #", overlapping.Select(p => p.Id))} was active");
                    break;
                case Exception other:
                    Assert.Fail($"unexpected refusal: {other}");
                    break;
            }
        }

        // Each procedure was planned from where the one before it left the hierarchy: never from "(out of service)".
        var placedOn = "node1";
        foreach (var p in procedures)
        {
            Assert.Equal(ProcedureStates.Completed, p.State);
            Assert.True(placedOn == p.SourceNode, $"#{p.Id} planned from {p.SourceNode ?? "(out of service)"} while exch1 was on {placedOn}");
            placedOn = p.TargetNode!;
        }

        Assert.Equal([placedOn], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
    }
}
