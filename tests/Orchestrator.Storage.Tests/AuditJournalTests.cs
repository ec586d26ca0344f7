using Dapper;
using Microsoft.Data.Sqlite;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests;

/// <summary>What only SQLite keeps of the journal (its own triggers); the provider-neutral cases are in <see cref="Contracts.AuditJournalContract"/>.</summary>
public sealed class AuditJournalTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly SqliteAuditJournal _journal;

    public AuditJournalTests() => _journal = new SqliteAuditJournal(_db.Connections);

    public void Dispose() => _db.Dispose();

    private async Task AppendAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _journal.AppendAsync(new NewAuditEntry(DateTimeOffset.UnixEpoch.AddMinutes(i), i, "switchover", "exch1", "A", "B", "StepSucceeded", "bob", $"row {i}"), CancellationToken.None);
        }
    }

    /// <summary>A row as the writer wrote it before issue 15: hash version 1 (the column's default), its sequence not hashed.</summary>
    private async Task<string> InsertVersion1Async(NewAuditEntry entry, string prev)
    {
        var hash = AuditHasher.Hash(entry, prev);
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(
            """
            INSERT INTO audit_log (at, procedure_id, kind, hierarchy, from_state, to_state, trigger_name, actor, reason, data, prev_hash, hash, nodes)
            VALUES (@At, @ProcedureId, @Kind, @Hierarchy, @FromState, @ToState, @Trigger, @Actor, @Reason, @Data, @Prev, @Hash, @Nodes)
            """,
            new
            {
                At = entry.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
                entry.ProcedureId, entry.Kind, entry.Hierarchy, entry.FromState, entry.ToState, entry.Trigger, entry.Actor, entry.Reason, entry.Data,
                Prev = prev, Hash = hash, entry.Nodes,
            });
        return hash;
    }

    private static NewAuditEntry Entry(int i) => new(DateTimeOffset.UnixEpoch.AddMinutes(i), i, "switchover", "exch1", "A", "B", "StepSucceeded", "bob", $"row {i}");

    [Fact]
    public async Task AJournalWrittenBeforeTheSequenceWasHashed_StillVerifies_AndGoesOnInVersion2_ButAVersion1RowAfterThemIsRefused()
    {
        var prev = await InsertVersion1Async(Entry(0), AuditHasher.Genesis);
        prev = await InsertVersion1Async(Entry(1), prev);
        await _journal.AppendAsync(Entry(2), CancellationToken.None);
        await _journal.AppendAsync(Entry(3), CancellationToken.None);

        var rows = await _journal.ListAsync(new AuditQuery(), CancellationToken.None);
        Assert.Equal([(1L, 1), (2L, 1), (3L, 2), (4L, 2)], rows.Select(r => (r.Id, r.HashVersion)));
        Assert.Equal(new AuditVerification(4, null), await _journal.VerifyAsync(CancellationToken.None));

        // A row slipped in by hand as the old writer would have written it: it cannot follow the version-2 rows.
        await InsertVersion1Async(Entry(4), rows[^1].Hash);
        var verification = await _journal.VerifyAsync(CancellationToken.None);
        Assert.Equal((5L, (long?)5), (verification.RowsChecked, verification.FirstBrokenId));
        Assert.Equal("row 5 is broken: its hash version 1 follows version 2 (#4): rows hashed without their sequence are only older ones — it was inserted or rewritten", verification.Problem);
    }

    [Fact]
    public async Task TheDatabase_RefusesUpdateAndDelete_OfAuditRows()
    {
        await AppendAsync(2);
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        var update = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("UPDATE audit_log SET actor = 'mallory'"));
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("DELETE FROM audit_log"));
        Assert.Equal(2, (await _journal.ListAsync(new AuditQuery(), CancellationToken.None)).Count);
    }
}
