using Dapper;
using Npgsql;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;
using Orchestrator.Storage.Rows;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// Versioned cluster definitions in PostgreSQL. Two runners applying at once both number their version from the same
/// current one; the second insert meets the first on the primary key (23505 on <see cref="VersionKey"/>) and the apply
/// is retried from the new current version (the same text is then a no-op).
/// </summary>
public sealed class PostgresClusterDefinitionStore(PostgresConnectionFactory factory) : IClusterDefinitionStore
{
    /// <summary>The primary key of <c>cluster_definitions</c> (the version number).</summary>
    internal const string VersionKey = "cluster_definitions_pkey";

    private const int Attempts = 5;

    public async Task<StoredDefinition?> GetCurrentAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.SingleOrDefaultAsync<StoredDefinition>(
            connection, "SELECT * FROM cluster_definitions ORDER BY version DESC LIMIT 1").ConfigureAwait(false);
    }

    public async Task<long?> GetCurrentVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long?>(
            new CommandDefinition("SELECT max(version) FROM cluster_definitions", cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<DefinitionApplyResult> ApplyAsync(
        StoredDefinition definition,
        IReadOnlyDictionary<string, string> initialPlacements,
        IReadOnlyCollection<string> removedHierarchies,
        NewAuditEntry audit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(initialPlacements);
        ArgumentNullException.ThrowIfNull(removedHierarchies);
        ArgumentNullException.ThrowIfNull(audit);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryApplyAsync(definition, initialPlacements, removedHierarchies, audit, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.IsUniqueViolation(VersionKey) && attempt < Attempts)
            {
                // Another runner stored this version first: read the current one again.
            }
        }
    }

    private async Task<DefinitionApplyResult> TryApplyAsync(
        StoredDefinition d, IReadOnlyDictionary<string, string> initialPlacements, IReadOnlyCollection<string> removedHierarchies, NewAuditEntry audit,
        CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
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
        var at = PgInstant.Of(d.AppliedAt);
        await connection.ExecuteAsync(
            """
            INSERT INTO cluster_definitions (version, sha256, cluster_name, source_path, yaml, applied_at, applied_by)
            VALUES (@version, @Sha256, @ClusterName, @SourcePath, @Yaml, @at, @AppliedBy)
            """,
            new { version, d.Sha256, d.ClusterName, d.SourcePath, d.Yaml, at, d.AppliedBy }, tx).ConfigureAwait(false);

        // The hierarchies this version deletes are in service nowhere: their placements go first, so a name re-created later is placed afresh.
        await connection.ExecuteAsync(
            "DELETE FROM hierarchy_placements WHERE lower(hierarchy) = ANY(@removed)",
            new { removed = removedHierarchies.Select(h => h.ToLowerInvariant()).ToArray() }, tx).ConfigureAwait(false);

        // Placed only where the hierarchy has no placement yet, whatever the case of its name (as the stores read it).
        await connection.ExecuteAsync(
            """
            INSERT INTO hierarchy_placements (hierarchy, node, since)
            SELECT p.hierarchy, p.node, @at FROM unnest(@hierarchies, @nodes) AS p (hierarchy, node)
             WHERE NOT EXISTS (SELECT 1 FROM hierarchy_placements h WHERE lower(h.hierarchy) = lower(p.hierarchy))
            ON CONFLICT (hierarchy) DO NOTHING
            """,
            new { hierarchies = initialPlacements.Keys.ToArray(), nodes = initialPlacements.Values.ToArray(), at }, tx).ConfigureAwait(false);

        var journaled = repeats is { } earlier
            ? audit with
            {
                Reason = $"{audit.Reason}; stored as definition v{version}, the same text as v{earlier} (re-applied)",
                Data = $"{{\"version\":{version},\"repeats\":{earlier}}}",
            }
            : audit with { Data = $"{{\"version\":{version}}}" };
        await PostgresAuditWriter.AppendAsync(connection, tx, [journaled]).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        factory.AuditLinker.Nudge();
        return new DefinitionApplyResult(version, true, repeats);
    }
}
