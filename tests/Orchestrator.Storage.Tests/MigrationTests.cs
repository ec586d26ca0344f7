using Dapper;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests;

public sealed class MigrationTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Migrating_AgainChangesNothing_AndConnectionsAreWalWithFullSync()
    {
        _db.Database.EnsureCreated();
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous")); // FULL: a commit survives power loss
        Assert.Equal(SqliteConnectionFactory.BusyTimeoutMilliseconds, await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout")); // writers wait inside SQLite
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        var scripts = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM SchemaVersions");
        Assert.Equal(Directory.GetFiles(Path.Combine(RepositoryRootPath(), "db", "sqlite"), "*.sql").Length, scripts);
    }

    [Fact]
    public void AGarbageFile_IsReportedAsUnusable_NamingTheFileAndTheFix()
    {
        var dir = Path.Combine(_db.Directory, "garbage");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, OrchestratorDatabase.FileName), [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))]);
        var error = Assert.Throws<StorageException>(() => new OrchestratorDatabase(dir).CheckReadable());
        Assert.Contains(OrchestratorDatabase.FileName, error.Message, StringComparison.Ordinal);
        Assert.Contains("restore it from a backup", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyingTheSameDefinitionTwice_IsANoOp_AndADifferentOneIsANewVersion()
    {
        var store = new SqliteClusterDefinitionStore(_db.Connections);
        var audit = new NewAuditEntry(DateTimeOffset.UnixEpoch, null, "cluster", null, null, null, "Apply", "bob", "applied");
        StoredDefinition Definition(string sha) => new() { Sha256 = sha, ClusterName = "c", SourcePath = "/x.yaml", Yaml = "cluster: c", AppliedBy = "bob" };
        var places = new Dictionary<string, string> { ["exch1"] = "node1" };
        Assert.Equal(new DefinitionApplyResult(1, true), await store.ApplyAsync(Definition("aa"), places, audit, CancellationToken.None));
        Assert.Equal(new DefinitionApplyResult(1, false), await store.ApplyAsync(Definition("aa"), places, audit, CancellationToken.None));
        Assert.Equal(new DefinitionApplyResult(2, true), await store.ApplyAsync(Definition("bb"), places, audit, CancellationToken.None));
        Assert.Equal(2, (await new SqliteAuditJournal(_db.Connections).ListAsync(new AuditQuery(), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task ApplyingAnEarlierDefinitionAgain_StoresANewVersion_ThatSaysWhichItRepeats()
    {
        var store = new SqliteClusterDefinitionStore(_db.Connections);
        var audit = new NewAuditEntry(DateTimeOffset.UnixEpoch, null, "cluster", null, null, null, "Apply", "bob", "applied");
        StoredDefinition Definition(string sha) => new() { Sha256 = sha, ClusterName = "c", SourcePath = "/x.yaml", Yaml = "cluster: c", AppliedBy = "bob" };
        var places = new Dictionary<string, string> { ["exch1"] = "node1" };
        await store.ApplyAsync(Definition("aa"), places, audit, CancellationToken.None);
        await store.ApplyAsync(Definition("bb"), places, audit, CancellationToken.None);

        Assert.Equal(new DefinitionApplyResult(3, true, 1), await store.ApplyAsync(Definition("aa"), places, audit, CancellationToken.None));

        Assert.Equal(3, (await store.GetCurrentAsync(CancellationToken.None))!.Version);
        var last = (await new SqliteAuditJournal(_db.Connections).ListAsync(new AuditQuery(), CancellationToken.None))[^1];
        Assert.Contains("the same text as v1", last.Reason, StringComparison.Ordinal);
    }

    private static string RepositoryRootPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
