using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Credentials;
using Orchestrator.Storage.SqlServer;
using Orchestrator.Storage.Tests.Contracts;

namespace Orchestrator.Storage.Tests.SqlServer;

/// <summary>The directory credential store's contract on SQL Server (each case on a database of its own); skipped, with the reason, without ORCHESTRATOR_SQLSERVER.</summary>
public sealed class SqlServerDirectoryCredentialStoreTests : DirectoryCredentialStoreContract, IAsyncLifetime
{
    private readonly SqlServerContractDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    protected override IDirectoryCredentialStore OpenStore() => new SqlServerDirectoryCredentialStore(_db.Connections);

    protected override IAuditJournal OpenJournal() => new SqlServerAuditJournal(_db.Connections);

    public async Task DisposeAsync() => await _db.DisposeAsync();
}
