namespace Orchestrator.Host.Composition;

/// <summary>The storage providers an orchestrator can be configured with.</summary>
public enum StoreKind
{
    /// <summary>Embedded: orchestrator.db in the data directory, Hangfire in memory, one runner.</summary>
    Sqlite,

    /// <summary>Production: the product's tables and Hangfire.PostgreSql in one PostgreSQL database.</summary>
    Postgres,

    /// <summary>Production: the product's tables and Hangfire.SqlServer in one SQL Server database (the world stays a SQLite file).</summary>
    SqlServer,
}
