using Dapper;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests;

/// <summary>Issue 11 point 4: active procedures are found by the is_active index, never among the newest N.</summary>
public sealed class ActiveProcedureIndexTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<PlannedStep> Plan = [new("A", "x.one", "node1", "t1", 10)];
    private readonly TempDatabase _db = new();
    private readonly SqliteProcedureStore _store;

    public ActiveProcedureIndexTests() => _store = new SqliteProcedureStore(_db.Connections);

    public void Dispose() => _db.Dispose();

    private Task<long> CreateAsync(string hierarchy) => _store.CreateAsync(
        new NewProcedure("test", hierarchy, "A", "node1", "node2", "alice", "because", 1, T0), Plan,
        new NewAuditEntry(T0, null, "test", hierarchy, null, "A", "Requested", "alice", "because"), CancellationToken.None);

    private Task FinishAsync(long id, string hierarchy) => _store.CommitTransitionAsync(new TransitionCommit(id, "A", 1, "Completed", false, null, null, [],
        [new NewAuditEntry(T0, id, "test", hierarchy, "A", "Completed", "StepSucceeded", "alice", "done")], new PlacementChange(hierarchy, "node2"), T0), CancellationToken.None);

    [Fact]
    public async Task SixHundredActiveProcedures_BehindNewerFinishedOnes_AreAllFound()
    {
        var active = new List<long>();
        for (var i = 0; i < 600; i++)
        {
            active.Add(await CreateAsync($"h{i:D4}"));
        }

        // 600 newer procedures of other hierarchies finish: every active one is now older than the newest 600.
        for (var i = 0; i < 600; i++)
        {
            var id = await CreateAsync($"done{i:D4}");
            await FinishAsync(id, $"done{i:D4}");
        }

        var found = await _store.ListActiveAsync(CancellationToken.None);

        Assert.Equal(active.Order(), found.Select(p => p.Id).Order());
        Assert.All(found, p => Assert.True(p.IsActive));
        Assert.Equal(active[0], (await _store.GetActiveAsync("H0000", CancellationToken.None))?.Id);
        Assert.Null(await _store.GetActiveAsync("done0000", CancellationToken.None));
    }

    [Fact]
    public async Task ListActive_IsServedByTheActiveIndex_NotByAScanOfTheTable()
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        var plan = (await connection.QueryAsync<(long, long, long, string)>("EXPLAIN QUERY PLAN " + SqliteProcedureStore.ListActiveSql))
            .Select(r => r.Item4).ToList();

        var only = Assert.Single(plan);
        Assert.Contains("USING INDEX ux_procedures_one_active_per_hierarchy", only, StringComparison.Ordinal);
    }
}
