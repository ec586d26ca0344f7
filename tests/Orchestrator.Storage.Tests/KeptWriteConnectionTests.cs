using Dapper;
using Microsoft.Data.Sqlite;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests;

/// <summary>
/// Issue 11: the step claim and commit run on one write connection the store keeps, with statements prepared once; it
/// caches statements, never data, and is dropped after a failure.
/// </summary>
public sealed class KeptWriteConnectionTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private readonly TempDatabase _db = new();
    private readonly SqliteProcedureStore _store;

    public KeptWriteConnectionTests() => _store = new SqliteProcedureStore(_db.Connections);

    public void Dispose()
    {
        _store.Dispose();
        _db.Dispose();
    }

    private static readonly IReadOnlyList<PlannedStep> Plan =
        [.. Enumerable.Range(1, 6).Select(i => new PlannedStep("A", "x.step", "node1", $"t{i}", 10))];

    private Task<long> CreateAsync() => _store.CreateAsync(
        new NewProcedure("test", "exch1", "A", "node1", "node2", "alice", "because", 1, T0), Plan,
        new NewAuditEntry(T0, null, "test", "exch1", null, "A", "Requested", "alice", "because"), CancellationToken.None);

    /// <summary>Step <paramref name="seq"/> done under its claim, the next one claimed in the same commit (as the runner commits).</summary>
    private Task<TransitionOutcome> StepDoneAsync(long id, StepRecord claimed, int version) => _store.CommitTransitionAsync(
        new TransitionCommit(id, "A", version, "A", true, null, null, [new StepChange(claimed.Seq, StepStatus.Done)],
            [new NewAuditEntry(T0, id, "test", "exch1", "A", "A", "StepSucceeded", "w", $"step {claimed.Seq} done")], null, T0,
            claimed.Seq < Plan.Count ? claimed.Seq + 1 : null, "w", Lease, StepClaim.Of(claimed)),
        CancellationToken.None);

    [Fact]
    public async Task StepCommits_AfterTheFirst_PrepareNoStatement()
    {
        var id = await CreateAsync();
        var claimed = (await _store.TryClaimStepAsync(id, 1, "w", T0, Lease, CancellationToken.None))!;
        var first = await StepDoneAsync(id, claimed, 1);
        Assert.True(first.Committed);
        var prepared = _store.StatementsPrepared;
        Assert.True(prepared > 0);

        claimed = first.Claimed!;
        for (var version = 2; version <= 4; version++)
        {
            var outcome = await StepDoneAsync(id, claimed, version);
            Assert.True(outcome.Committed);
            claimed = outcome.Claimed!;
        }

        Assert.Equal(prepared, _store.StatementsPrepared);
        Assert.Equal(5, claimed.Seq);
    }

    [Fact]
    public async Task AnotherConnectionsWrites_BetweenTwoCommits_AreRead_NotCached()
    {
        var id = await CreateAsync();
        var first = await StepDoneAsync(id, (await _store.TryClaimStepAsync(id, 1, "w", T0, Lease, CancellationToken.None))!, 1);

        // Another writer (as the CLI beside `serve`) extends the audit chain and takes the next step over.
        await new SqliteAuditJournal(_db.Connections).AppendAsync(
            new NewAuditEntry(T0, null, "cli", "exch1", null, null, "Note", "bob", "from another connection"), CancellationToken.None);
        await using (var other = new SqliteConnection(_db.Connections.ConnectionString))
        {
            await other.OpenAsync();
            await other.ExecuteAsync("UPDATE procedure_steps SET claim_token = claim_token + 1 WHERE procedure_id = @id AND seq = 2", new { id });
        }

        Assert.True((await StepDoneAsync(id, first.Claimed!, 2)).Fenced);
        var takeover = (await _store.TryClaimStepAsync(id, 2, "w2", T0.AddMinutes(2), Lease, CancellationToken.None))!;
        Assert.True((await StepDoneAsync(id, takeover, 2)).Committed);

        var verification = await new SqliteAuditJournal(_db.Connections).VerifyAsync(CancellationToken.None);
        Assert.Equal((4L, (long?)null), (verification.RowsChecked, verification.FirstBrokenId));
    }

    [Fact]
    public async Task ACommitThatFails_DropsTheKeptConnection_AndReleasesTheGate_TheNextCommitsWork()
    {
        var id = await CreateAsync();
        var claimed = (await _store.TryClaimStepAsync(id, 1, "w", T0, Lease, CancellationToken.None))!;
        var first = await StepDoneAsync(id, claimed, 1);

        await ExecuteOnOtherConnectionAsync("ALTER TABLE hierarchy_placements RENAME TO hierarchy_placements_away");
        var placed = new TransitionCommit(id, "A", 2, "A", true, null, null, [new StepChange(2, StepStatus.Done)],
            [new NewAuditEntry(T0, id, "test", "exch1", "A", "A", "StepSucceeded", "w", "step 2 done")], new PlacementChange("exch1", "node2"), T0,
            3, "w", Lease, StepClaim.Of(first.Claimed!));
        await Assert.ThrowsAsync<SqliteException>(() => _store.CommitTransitionAsync(placed, CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(10));
        await ExecuteOnOtherConnectionAsync("ALTER TABLE hierarchy_placements_away RENAME TO hierarchy_placements");
        var prepared = _store.StatementsPrepared;

        // Nothing of the failed commit stayed; the next commit opens another connection and prepares its statements again.
        Assert.Equal(2, (await _store.GetAsync(id, CancellationToken.None))!.Version);
        var again = await _store.CommitTransitionAsync(placed, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(again.Committed);
        Assert.True(_store.StatementsPrepared > prepared);
        Assert.Equal([StepStatus.Done, StepStatus.Done, StepStatus.Running], (await _store.GetStepsAsync(id, CancellationToken.None)).Take(3).Select(s => s.Status));
        Assert.Equal("node2", (await _store.GetPictureAsync("exch1", CancellationToken.None)).PlacedOn);
    }

    private async Task ExecuteOnOtherConnectionAsync(string sql)
    {
        await using var connection = await _db.Connections.OpenWriteAsync(CancellationToken.None);
        await connection.ExecuteAsync(sql);
    }
}
