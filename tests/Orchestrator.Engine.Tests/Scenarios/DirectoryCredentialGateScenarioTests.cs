using System.Text.Json;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Commands.ApproveProcedure;
using Orchestrator.Engine.Commands.RetryProcedure;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.World;
using Orchestrator.Storage.Audit;
using Orchestrator.Workflows;
using Orchestrator.Workflows.Failback;
using Orchestrator.Workflows.Failover;
using Orchestrator.Workflows.RollingUpdate;
using Orchestrator.Workflows.UserMove;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>
/// Issue 16 point 6 (S15): every path that moves a hierarchy or its users — switchover, failover (operator's and the
/// monitor's), failback, approve, retry, `users move`, the rolling update — stops before touching anything without usable
/// directory credentials (never set, or the key ring gone), naming `credentials set`; with them, the users step binds as
/// the stored account (the world records it). Real SQLite store, real Data Protection key ring, real Hangfire.
/// </summary>
public sealed class DirectoryCredentialGateScenarioTests
{
    private const string Fix = "orchestrator credentials set --user";

    [Fact]
    public async Task Switchover_WithoutCredentials_IsRefusedNamingTheFix_AndNothingIsRecorded()
    {
        await using var o = await TestOrchestrator.StartAsync(directoryCredentials: false);
        var before = await PictureAsync(o);

        var refused = await Assert.ThrowsAsync<BadInputException>(() => o.SwitchoverAsync("node2"));

        Assert.Contains(Fix, refused.Message, StringComparison.Ordinal);
        Assert.Contains("switchover of exch1", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await PictureAsync(o));
    }

    [Fact]
    public async Task OperatorsFailover_WithoutCredentials_IsRefusedNamingTheFix_AndNothingIsRecorded()
    {
        await using var o = await TestOrchestrator.StartAsync(directoryCredentials: false);
        await o.World.FailNodeAsync("node1");
        var before = await PictureAsync(o);

        var refused = await Assert.ThrowsAsync<BadInputException>(() => o.FailoverAsync("node1 failed", automatic: false));

        Assert.Contains(Fix, refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await PictureAsync(o));
    }

    [Fact]
    public async Task MonitorsFailover_WithoutCredentials_IsARefusedDecisionRecordedOnce_NoProcedure_WorldUntouched()
    {
        await using var o = await TestOrchestrator.StartAsync(directoryCredentials: false);
        await o.World.FailNodeAsync("node1");
        var before = await PictureAsync(o);
        var request = new StartFailoverCommand("exch1", "node1", "monitor", "node1 missed 3 heartbeats", Automatic: true);

        var first = await o.Mediator.Send(new DecideFailoverCommand(request));
        var again = await o.Mediator.Send(new DecideFailoverCommand(request)); // the next round asks again: not recorded twice

        foreach (var decided in new[] { first, again })
        {
            Assert.Null(decided.Admitted);
            Assert.Equal(FailoverDecisionKind.Refused, decided.NotStarted!.Decision.Kind);
            Assert.Contains(Fix, decided.NotStarted.Decision.Reason, StringComparison.Ordinal);
        }

        var after = await PictureAsync(o);
        Assert.Equal((before.Procedures, before.World), (after.Procedures, after.World));
        var known = before.Audit.Split(',').ToHashSet();
        var decision = Assert.Single(await AuditAsync(o), r => !known.Contains(r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(("FailoverRefused", "exch1", null), (decision.TriggerName, decision.Hierarchy, decision.ProcedureId));
        Assert.Contains(Fix, decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failback_WithTheKeyRingGone_IsRefusedNamingTheKeysAndTheFix_AndNothingIsRecorded()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.SettledAsync((await o.SwitchoverAsync("node2")).Id);
        RemoveKeyRing(o);
        var before = await PictureAsync(o);

        var refused = await Assert.ThrowsAsync<BadInputException>(() => o.FailbackAsync());

        Assert.Contains(Fix + " " + TestOrchestrator.DirectoryUser, refused.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(o.Directory, "keys"), refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await PictureAsync(o));
    }

    [Fact]
    public async Task MonitorsSwitchback_WithTheKeyRingGone_IsARefusedDecisionRecordedOnce_NoProcedure_WorldUntouched()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.SettledAsync((await o.SwitchoverAsync("node2")).Id);
        RemoveKeyRing(o);
        var before = await PictureAsync(o);
        var request = new StartFailbackCommand("exch1", null, "monitor", "automatic switchback: node1 healthy", Automatic: true);

        foreach (var round in new[] { 1, 2 })
        {
            var refused = await Assert.ThrowsAsync<BadInputException>(() => o.Mediator.Send(request).AsTask());
            Assert.Contains(Fix, refused.Message, StringComparison.Ordinal);
        }

        var after = await PictureAsync(o);
        Assert.Equal((before.Procedures, before.World), (after.Procedures, after.World));
        var known = before.Audit.Split(',').ToHashSet();
        var decision = Assert.Single(await AuditAsync(o), r => !known.Contains(r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(("FailbackRefused", "exch1", null), (decision.TriggerName, decision.Hierarchy, decision.ProcedureId));
        Assert.Contains(Fix, decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_OfAHeldFailover_WithTheKeyRingGone_IsRefused_AndTheProcedureStaysHeld()
    {
        var yaml = Samples.Read("two-node").Replace("automatic-failover: true", "automatic-failover: false", StringComparison.Ordinal);
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: yaml);
        await o.World.FailNodeAsync("node1");
        var outcome = await o.FailoverAsync("node1 failed");
        Assert.True(outcome.Held, $"not held: {outcome.Decision}");
        await o.SettledAsync(outcome.Started!.Id);
        RemoveKeyRing(o);
        var before = await PictureAsync(o);

        var refused = await Assert.ThrowsAsync<BadInputException>(() => o.Mediator.Send(new ApproveProcedureCommand(outcome.Started.Id, "operator-anna")).AsTask());

        Assert.Contains($"procedure #{outcome.Started.Id}", refused.Message, StringComparison.Ordinal);
        Assert.Contains(Fix, refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await PictureAsync(o));
        Assert.Equal(ProcedureStates.WaitingForOperator, (await o.Store.GetAsync(outcome.Started.Id, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task Retry_OfAFailedSwitchover_WithTheKeyRingGone_IsRefused_AndNothingIsRecorded()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.World.FailServiceAsync("node2", "MSExchangeIS");
        var started = await o.SwitchoverAsync("node2");
        Assert.Equal(ProcedureStates.WaitingForOperator, (await o.SettledAsync(started.Id)).State);
        await o.World.ClearServiceFaultAsync("node2", "MSExchangeIS");
        RemoveKeyRing(o);
        var before = await PictureAsync(o);

        var refused = await Assert.ThrowsAsync<BadInputException>(() => o.Mediator.Send(new RetryProcedureCommand(started.Id, "operator-anna")).AsTask());

        Assert.Contains(Fix, refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await PictureAsync(o));
    }

    [Fact]
    public async Task UsersMove_WithTheKeyRingGone_IsRefused_AndTheFailedUsersStayRecorded()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.World.SeedUsersAsync([("alice", "sales.example.com", "node1"), ("bob", "eng.example.com", "node1")]);
        await o.World.FailUserMoveAsync("bob");
        await o.World.FailNodeAsync("node1");
        var failover = await o.FailoverAsync("node1 failed");
        await o.SettledAsync(failover.Started!.Id);
        await o.World.ClearUserFaultAsync("bob");
        RemoveKeyRing(o);
        var before = await PictureAsync(o);

        var refused = await Assert.ThrowsAsync<BadInputException>(() => o.Mediator.Send(new MoveUsersCommand(UserSelector.All, "operator-anna")).AsTask());

        Assert.Contains(Fix, refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await PictureAsync(o));
        Assert.Equal(["bob"], (await o.Mediator.Send(new ListFailedUsersQuery())).Select(f => f.UserName));
    }

    [Fact]
    public async Task RollingUpdate_WithoutCredentials_IsRefusedNamingTheFix_AndNothingIsRecorded()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: Samples.Read("two-node-mirrored"), directoryCredentials: false);
        var before = await PictureAsync(o);

        var refused = await Assert.ThrowsAsync<BadInputException>(
            () => o.Mediator.Send(new StartRollingUpdateCommand("exch1", false, "6.5.7638", null, "tester")).AsTask());

        Assert.Contains(Fix, refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await PictureAsync(o));
    }

    [Fact]
    public async Task Failover_WithCredentials_MovesTheUsersAsTheStoredAccount()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.World.SeedUsersAsync([("alice", "sales.example.com", "node1"), ("carol", "sales.example.com", "node2")]);
        await o.World.FailNodeAsync("node1");

        var outcome = await o.FailoverAsync("node1 failed");
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(outcome.Started!.Id)).State);

        var users = (await o.World.SnapshotAsync(CancellationToken.None)).Users.ToDictionary(u => u.Name);
        Assert.Equal(("node2", TestOrchestrator.DirectoryUser), (users["alice"].Home, users["alice"].MovedBy));
        Assert.Null(users["carol"].MovedBy); // never moved
        var everything = JsonSerializer.Serialize(await AuditAsync(o)) + JsonSerializer.Serialize(users);
        Assert.DoesNotContain(TestOrchestrator.DirectoryPassword, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersStep_WhoseKeyRingWentAfterTheLaunch_FailsNamingTheFix_WithoutMovingAnyone_ThenRetryMovesThem()
    {
        var yaml = Samples.Read("two-node").Replace("automatic-failover: true", "automatic-failover: false", StringComparison.Ordinal);
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: yaml);
        await o.World.SeedUsersAsync([("alice", "sales.example.com", "node1")]);
        await o.World.FailNodeAsync("node1");
        var outcome = await o.FailoverAsync("node1 failed");
        await o.SettledAsync(outcome.Started!.Id);
        await o.Mediator.Send(new ApproveProcedureCommand(outcome.Started.Id, "operator-anna")); // admitted with usable credentials
        RemoveKeyRing(o); // lost while it runs: the users step finds them undecryptable

        var stopped = await o.SettledAsync(outcome.Started.Id);

        Assert.Equal(ProcedureStates.WaitingForOperator, stopped.State);
        Assert.Contains(Fix, stopped.LastError, StringComparison.Ordinal);
        Assert.Equal("node1", (await o.World.SnapshotAsync(CancellationToken.None)).HomeOf("alice"));
        await o.Get<Host.Credentials.DirectoryCredentialWriter>().SetAsync(TestOrchestrator.DirectoryUser, TestOrchestrator.DirectoryPassword, "operator-anna", CancellationToken.None);
        await o.Mediator.Send(new RetryProcedureCommand(outcome.Started.Id, "operator-anna"));
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(outcome.Started.Id)).State);
        Assert.Equal("node2", (await o.World.SnapshotAsync(CancellationToken.None)).HomeOf("alice"));
    }

    private static void RemoveKeyRing(TestOrchestrator o) => Directory.Delete(Path.Combine(o.Directory, "keys"), recursive: true);

    private static async Task<IReadOnlyList<AuditEntry>> AuditAsync(TestOrchestrator o) =>
        await o.Get<IAuditJournal>().ListAsync(new AuditQuery(Limit: 10_000), CancellationToken.None);

    /// <summary>What a refusal must leave as it was: every procedure and its state, every audit row, the whole world.</summary>
    private static async Task<Picture> PictureAsync(TestOrchestrator o)
    {
        var procedures = string.Join("; ", (await o.Store.ListAsync(null, 1000, CancellationToken.None)).Select(p => $"#{p.Id} {p.Kind} {p.State}"));
        var audit = string.Join(",", (await AuditAsync(o)).Select(r => r.Id).Order());
        var world = JsonSerializer.Serialize((await o.World.SnapshotAsync(CancellationToken.None)) with { TakenAt = default }); // all but when it was taken
        return new Picture(procedures, audit, world);
    }

    private sealed record Picture(string Procedures, string Audit, string World);
}
