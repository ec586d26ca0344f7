using Dapper;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests;

/// <summary>SQLite's file and schema (the definitions' cases are in <see cref="Contracts.ClusterDefinitionStoreContract"/>).</summary>
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
