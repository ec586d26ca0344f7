using Orchestrator.Testing.Postgres;

namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>Points a data directory at a <see cref="TestStore"/>, and lays a crash campaign's points out over both stores.</summary>
public static class TestStores
{
    /// <summary>
    /// Makes every command run in <paramref name="dir"/> use <paramref name="store"/>. PostgreSQL: a fresh database of the
    /// process's cluster (<see cref="PostgresServer"/>), migrated by <c>db migrate</c>, through ORCHESTRATOR_STORE and
    /// ORCHESTRATOR_CONNECTION; the test is skipped with the fixture's reason when PostgreSQL's binaries are missing.
    /// </summary>
    public static async Task UseAsync(this TempDataDir dir, TestStore store)
    {
        ArgumentNullException.ThrowIfNull(dir);
        if (store == TestStore.Sqlite)
        {
            return;
        }

        Skip.If(PostgresServer.MissingReason is not null, PostgresServer.MissingReason);
        var connection = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        dir.Environment["ORCHESTRATOR_STORE"] = "postgres";
        dir.Environment["ORCHESTRATOR_CONNECTION"] = connection;
        (await dir.RunAsync("db", "migrate")).ShouldExitWith(0);
    }

    /// <summary>The theory data of a campaign run on both stores: each SQLite point, then each PostgreSQL point.</summary>
    public static TheoryData<TestStore, string> OnBoth(TheoryData<string> sqlite, TheoryData<string> postgres)
    {
        var data = new TheoryData<TestStore, string>();
        foreach (var (store, points) in new[] { (TestStore.Sqlite, sqlite), (TestStore.Postgres, postgres) })
        {
            foreach (var row in (IEnumerable<object[]>)points)
            {
                data.Add(store, (string)row[0]);
            }
        }

        return data;
    }
}
