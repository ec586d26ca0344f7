using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Sqlite;
using Orchestrator.Storage.Tests.Postgres;

namespace Orchestrator.Storage.Tests.Providers;

/// <summary>`db check` and `db migrate` through each provider's <see cref="IStoreSchema"/>.</summary>
public sealed class StoreSchemaTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static IStoreSchema Schema(IServiceCollection services) => services.BuildServiceProvider().GetRequiredService<IStoreSchema>();

    private static IReadOnlyList<string> ScriptFiles(string provider) =>
        [.. Directory.GetFiles(Path.Combine(RepositoryRoot(), "db", provider), "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Fact]
    public void Sqlite_ListsEveryMigrationAsMissing_WithoutCreatingTheFile_ThenMigratesOnce()
    {
        var dataDir = Path.Combine(_db.Directory, "fresh");
        var schema = Schema(new ServiceCollection().AddSqliteStorage(dataDir));
        Assert.Contains(OrchestratorDatabase.FileName, schema.Description, StringComparison.Ordinal);
        Assert.Equal(ScriptFiles("sqlite"), schema.PendingMigrations());
        Assert.False(File.Exists(Path.Combine(dataDir, OrchestratorDatabase.FileName)));

        Assert.Equal(ScriptFiles("sqlite"), schema.Migrate());
        Assert.Empty(schema.PendingMigrations());
        Assert.Empty(schema.Migrate());
    }

    [SkippableFact]
    public async Task Postgres_ListsEveryMigrationAsMissing_ThenMigratesOnce()
    {
        await using var db = await PostgresDatabase.CreateAsync(migrate: false);
        var schema = Schema(new ServiceCollection().AddPostgreSqlStorage(db.ConnectionString));
        Assert.StartsWith("PostgreSQL database", schema.Description, StringComparison.Ordinal);
        Assert.Equal(ScriptFiles("postgres"), schema.PendingMigrations());
        Assert.Equal(ScriptFiles("postgres"), schema.Migrate());
        Assert.Empty(schema.PendingMigrations());
        Assert.Empty(schema.Migrate());
    }

    [Fact]
    public void Postgres_ThatCannotBeReached_IsUnavailable_NamingHostAndPort()
    {
        var port = FreePort();
        var schema = Schema(new ServiceCollection().AddPostgreSqlStorage($"Host=127.0.0.1;Port={port};Database=x;Username=u;Password=s3cr3t;Timeout=2"));
        var error = Assert.Throws<StoreUnavailableException>(() => schema.PendingMigrations());
        Assert.Equal($"127.0.0.1:{port}", error.Endpoint);
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
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
