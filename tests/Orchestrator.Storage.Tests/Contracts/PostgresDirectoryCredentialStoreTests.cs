using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Credentials;
using Orchestrator.Storage.PostgreSql;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>The directory credential store's contract on PostgreSQL (each case on a database of its own); skipped, with the reason, without the server.</summary>
public sealed class PostgresDirectoryCredentialStoreTests : DirectoryCredentialStoreContract, IAsyncLifetime
{
    private readonly PostgresContractDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    protected override IDirectoryCredentialStore OpenStore() => new PostgresDirectoryCredentialStore(_db.Connections);

    protected override IAuditJournal OpenJournal() => new PostgresAuditJournal(_db.Connections);

    public async Task DisposeAsync() => await _db.DisposeAsync();
}
