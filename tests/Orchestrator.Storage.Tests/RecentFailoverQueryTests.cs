using Dapper;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests;

/// <summary>
/// Issue 11 point 3: what anti-flapping needs of the recent failovers is read set-based — the procedures of the block
/// period in one query (by creation time, through its index), the acknowledgements of all of them in one more
/// (that read is in <see cref="Contracts.AuditJournalContract"/>).
/// </summary>
public sealed class RecentFailoverQueryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<PlannedStep> Plan = [new("A", "x.one", "node1", "t1", 10)];
    private readonly TempDatabase _db = new();
    private readonly SqliteProcedureStore _store;

    public RecentFailoverQueryTests() => _store = new SqliteProcedureStore(_db.Connections);

    public void Dispose() => _db.Dispose();

    private async Task<long> CreateFinishedAsync(string hierarchy, DateTimeOffset at)
    {
        var id = await _store.CreateAsync(
            new NewProcedure("failover", hierarchy, "A", "node1", "node2", "monitor", "node1 down", 1, at), Plan,
            new NewAuditEntry(at, null, "failover", hierarchy, null, "A", "Requested", "monitor", "node1 down"), CancellationToken.None);
        await _store.CommitTransitionAsync(new TransitionCommit(id, "A", 1, "Completed", false, null, null, [],
            [new NewAuditEntry(at, id, "failover", hierarchy, "A", "Completed", "StepSucceeded", "monitor", "done")], new PlacementChange(hierarchy, "node2"), at), CancellationToken.None);
        return id;
    }

    [Fact]
    public async Task ListCreatedSince_ReturnsEveryProcedureOfThePeriod_NewestFirst_OfOneHierarchyOrOfAll()
    {
        var old = await CreateFinishedAsync("exch1", T0.AddHours(-2));
        var a = await CreateFinishedAsync("exch1", T0.AddMinutes(-30));
        var b = await CreateFinishedAsync("exch2", T0.AddMinutes(-10));
        var c = await CreateFinishedAsync("EXCH1", T0.AddMinutes(-1));

        var all = await _store.ListCreatedSinceAsync(null, T0.AddHours(-1), CancellationToken.None);
        var exch1 = await _store.ListCreatedSinceAsync("exch1", T0.AddHours(-1), CancellationToken.None);

        Assert.Equal([c, b, a], all.Select(p => p.Id));
        Assert.Equal([c, a], exch1.Select(p => p.Id));
        Assert.DoesNotContain(old, all.Select(p => p.Id));
    }

    [Fact]
    public async Task ListCreatedSince_OfEveryHierarchy_IsServedByTheCreationTimeIndex()
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        var plan = (await connection.QueryAsync<(long, long, long, string)>(
            "EXPLAIN QUERY PLAN " + SqliteProcedureStore.ListCreatedSinceSql, new { since = "2026-11-30", hierarchy = (string?)null }))
            .Select(r => r.Item4).ToList();

        Assert.Contains(plan, step => step.Contains("ix_procedures_created_at", StringComparison.Ordinal));
    }
}
