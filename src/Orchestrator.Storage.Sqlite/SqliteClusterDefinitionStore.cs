using Dapper;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;
using static Orchestrator.Storage.Sqlite.DapperConfiguration;

namespace Orchestrator.Storage.Sqlite;

/// <summary>Versioned cluster definitions in SQLite.</summary>
public sealed class SqliteClusterDefinitionStore(SqliteConnectionFactory factory) : IClusterDefinitionStore
{
    public async Task<StoredDefinition?> GetCurrentAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<StoredDefinition>(
            "SELECT * FROM cluster_definitions ORDER BY version DESC LIMIT 1").ConfigureAwait(false);
    }

    public async Task<DefinitionApplyResult> ApplyAsync(
        StoredDefinition d,
        IReadOnlyDictionary<string, string> initialPlacements,
        IReadOnlyCollection<string> removedHierarchies,
        NewAuditEntry audit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(initialPlacements);
        ArgumentNullException.ThrowIfNull(removedHierarchies);
        ArgumentNullException.ThrowIfNull(audit);
        await using var connection = await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = connection.BeginTransaction();
        var current = await connection.QuerySingleOrDefaultAsync<(long Version, string Sha256)?>(
            "SELECT version, sha256 FROM cluster_definitions ORDER BY version DESC LIMIT 1", transaction: tx).ConfigureAwait(false);
        if (current is { } c && c.Sha256 == d.Sha256)
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return new DefinitionApplyResult(c.Version, false);
        }

        // The same text as an earlier version is stored again as the newest: the history stays linear and says so.
        var repeats = await connection.ExecuteScalarAsync<long?>(
            "SELECT MAX(version) FROM cluster_definitions WHERE sha256 = @Sha256", new { d.Sha256 }, tx).ConfigureAwait(false);
        var version = (current?.Version ?? 0) + 1;
        var at = Format(d.AppliedAt);
        await connection.ExecuteAsync(
            """
            INSERT INTO cluster_definitions (version, sha256, cluster_name, source_path, yaml, applied_at, applied_by)
            VALUES (@version, @Sha256, @ClusterName, @SourcePath, @Yaml, @at, @AppliedBy)
            """,
            new { version, d.Sha256, d.ClusterName, d.SourcePath, d.Yaml, at, d.AppliedBy }, tx).ConfigureAwait(false);
        foreach (var hierarchy in removedHierarchies)
        {
            await connection.ExecuteAsync(
                "DELETE FROM hierarchy_placements WHERE hierarchy = @hierarchy COLLATE NOCASE", new { hierarchy }, tx).ConfigureAwait(false);
        }

        foreach (var (hierarchy, node) in initialPlacements)
        {
            await connection.ExecuteAsync(
                "INSERT OR IGNORE INTO hierarchy_placements (hierarchy, node, since) VALUES (@hierarchy, @node, @at)",
                new { hierarchy, node, at }, tx).ConfigureAwait(false);
        }

        var journaled = repeats is { } earlier
            ? audit with
            {
                Reason = $"{audit.Reason}; stored as definition v{version}, the same text as v{earlier} (re-applied)",
                Data = $"{{\"version\":{version},\"repeats\":{earlier}}}",
            }
            : audit with { Data = $"{{\"version\":{version}}}" };
        await SqliteAuditWriter.AppendAsync(connection, tx, [journaled]).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new DefinitionApplyResult(version, true, repeats);
    }
}
