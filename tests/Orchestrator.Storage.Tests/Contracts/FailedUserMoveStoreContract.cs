using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Users;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>
/// Issue 13 point 6: the failed user moves (FailedExUsers.log as a table) as every provider must keep them — one open
/// failure per user, resolved by a later move of that user whatever the case of the name, and listed by the procedure
/// that resolved them. Skippable as the other contracts.
/// </summary>
public abstract class FailedUserMoveStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private (IFailedUserMoveStore Moves, IProcedureStore Procedures)? _stores;

    /// <summary>The provider's stores, on one new, empty, migrated database.</summary>
    protected abstract (IFailedUserMoveStore Moves, IProcedureStore Procedures) OpenStores();

    private IFailedUserMoveStore Store => (_stores ??= OpenStores()).Moves;

    private async Task<long> ProcedureAsync(string hierarchy) => await (_stores ??= OpenStores()).Procedures.CreateAsync(
        new NewProcedure("users-move", hierarchy, "A", "node1", "node2", "alice", "because", 1, T0), [new("A", "x.one", "node1", "t1", 10)],
        new NewAuditEntry(T0, null, "users-move", hierarchy, null, "A", "Requested", "alice", "because"), CancellationToken.None);

    private static FailedUserMove Failure(long procedure, string user, string error = "28523", int minute = 0) => new()
    {
        ProcedureId = procedure, Hierarchy = "exch1", UserName = user, Domain = "CORP", FromServer = "node1", ToServer = "node2",
        Error = error, RecordedAt = T0.AddMinutes(minute),
    };

    [SkippableFact]
    public async Task RecordingAnOpenFailureAgain_ChangesNothing_AndTheListKeepsTheOrderOfRecording()
    {
        var move = await ProcedureAsync("exch1");
        await Store.RecordAsync(Failure(move, "alice"), CancellationToken.None);
        await Store.RecordAsync(Failure(move, "bob", minute: 1), CancellationToken.None);
        await Store.RecordAsync(Failure(move, "alice", "a retried step", minute: 2), CancellationToken.None);

        var open = await Store.ListOpenAsync(CancellationToken.None);

        Assert.Equal([("alice", "28523"), ("bob", "28523")], open.Select(f => (f.UserName, f.Error)));
        var alice = open[0];
        Assert.Equal((move, "exch1", "CORP", "node1", "node2", T0, (DateTimeOffset?)null, (long?)null),
            (alice.ProcedureId, alice.Hierarchy, alice.Domain, alice.FromServer, alice.ToServer, alice.RecordedAt, alice.ResolvedAt, alice.ResolvedBy));
    }

    [SkippableFact]
    public async Task ALaterMove_ResolvesTheUsersOpenFailure_WhateverTheCase_AndIsListedAsItsResolver_AndAFailureAfterThatIsOpenAgain()
    {
        var first = await ProcedureAsync("exch1");
        await Store.RecordAsync(Failure(first, "alice"), CancellationToken.None);
        await Store.RecordAsync(Failure(first, "bob"), CancellationToken.None);
        var later = await ProcedureAsync("exch2");

        await Store.ResolveAsync("ALICE", later, T0.AddHours(1), CancellationToken.None);

        Assert.Equal(["bob"], (await Store.ListOpenAsync(CancellationToken.None)).Select(f => f.UserName));
        var resolved = Assert.Single(await Store.ListResolvedByAsync(later, CancellationToken.None));
        Assert.Equal(("alice", T0.AddHours(1), later), (resolved.UserName, resolved.ResolvedAt!.Value, resolved.ResolvedBy!.Value));
        Assert.Empty(await Store.ListResolvedByAsync(first, CancellationToken.None));

        await Store.RecordAsync(Failure(later, "alice", "failed again", minute: 90), CancellationToken.None);
        Assert.Equal(["bob", "alice"], (await Store.ListOpenAsync(CancellationToken.None)).Select(f => f.UserName));
        await Store.ResolveAsync("nobody", later, T0.AddHours(2), CancellationToken.None); // no open failure: nothing changes
        Assert.Single(await Store.ListResolvedByAsync(later, CancellationToken.None));
    }
}
