using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Credentials;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>
/// Issue 16 point 6: the directory credentials as every provider must keep them — nothing until set, one row replaced by
/// each set, written with its audit row. Skippable as the other contracts.
/// </summary>
public abstract class DirectoryCredentialStoreContract
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    /// <summary>The provider's store, on one new, empty, migrated database.</summary>
    protected abstract IDirectoryCredentialStore OpenStore();

    /// <summary>The provider's audit journal on the same database.</summary>
    protected abstract IAuditJournal OpenJournal();

    [SkippableFact]
    public async Task Nothing_is_stored_until_set()
    {
        Assert.Null(await OpenStore().GetAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task A_set_replaces_the_row_and_appends_its_audit_row()
    {
        var store = OpenStore();
        await store.SetAsync(new DirectoryCredentials(@"EXCH\admin", "cipher-1", At, "alice"), Audit(@"EXCH\admin", "alice"), CancellationToken.None);
        await store.SetAsync(new DirectoryCredentials(@"EXCH\svc", "cipher-2", At.AddMinutes(1), "bob"), Audit(@"EXCH\svc", "bob"), CancellationToken.None);

        var stored = await store.GetAsync(CancellationToken.None);
        Assert.Equal(new DirectoryCredentials(@"EXCH\svc", "cipher-2", At.AddMinutes(1), "bob"), stored);
        Assert.DoesNotContain("cipher-2", stored!.ToString(), StringComparison.Ordinal);
        var rows = await OpenJournal().ListAsync(new AuditQuery(Kind: "credentials"), CancellationToken.None);
        Assert.Equal(["alice", "bob"], rows.Select(r => r.Actor));
    }

    private static NewAuditEntry Audit(string user, string actor) =>
        new(At, null, "credentials", null, null, null, "Set", actor, $"directory credentials set for {user}");
}
