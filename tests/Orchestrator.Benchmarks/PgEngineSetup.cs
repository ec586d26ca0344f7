using Hangfire.PostgreSql;

namespace Orchestrator.Benchmarks;

/// <summary>The engine on PostgreSQL: the product's stores on <paramref name="ConnectionString"/>, Hangfire.PostgreSql with <paramref name="JobOptions"/>.</summary>
internal sealed record PgEngineSetup(string ConnectionString, PostgreSqlStorageOptions JobOptions);
