using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Credentials;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>Issue 16 point 6: the directory credentials on SQLite, one row replaced by each set, written with its audit row.</summary>
public sealed class SqliteDirectoryCredentialStoreTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    private readonly TempDatabase _db = new();

    [Fact]
    public async Task Nothing_is_stored_until_set()
    {
        Assert.Null(await new SqliteDirectoryCredentialStore(_db.Connections).GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_set_replaces_the_row_and_appends_its_audit_row()
    {
        var store = new SqliteDirectoryCredentialStore(_db.Connections);
        await store.SetAsync(new DirectoryCredentials(@"EXCH\admin", "cipher-1", At, "alice"), Audit(@"EXCH\admin", "alice"), CancellationToken.None);
        await store.SetAsync(new DirectoryCredentials(@"EXCH\svc", "cipher-2", At.AddMinutes(1), "bob"), Audit(@"EXCH\svc", "bob"), CancellationToken.None);

        var stored = await store.GetAsync(CancellationToken.None);
        Assert.Equal(new DirectoryCredentials(@"EXCH\svc", "cipher-2", At.AddMinutes(1), "bob"), stored);
        Assert.DoesNotContain("cipher-2", stored!.ToString(), StringComparison.Ordinal);
        var rows = await new SqliteAuditJournal(_db.Connections).ListAsync(new AuditQuery(Kind: "credentials"), CancellationToken.None);
        Assert.Equal(["alice", "bob"], rows.Select(r => r.Actor));
    }

    public void Dispose() => _db.Dispose();

    private static NewAuditEntry Audit(string user, string actor) =>
        new(At, null, "credentials", null, null, null, "Set", actor, $"directory credentials set for {user}");
}
