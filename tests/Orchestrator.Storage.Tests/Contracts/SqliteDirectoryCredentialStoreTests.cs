using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Credentials;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>The directory credential store's contract on SQLite.</summary>
public sealed class SqliteDirectoryCredentialStoreTests : DirectoryCredentialStoreContract, IDisposable
{
    private readonly TempDatabase _db = new();

    protected override IDirectoryCredentialStore OpenStore() => new SqliteDirectoryCredentialStore(_db.Connections);

    protected override IAuditJournal OpenJournal() => new SqliteAuditJournal(_db.Connections);

    public void Dispose() => _db.Dispose();
}
