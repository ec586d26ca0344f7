using Dapper;
using Microsoft.Data.SqlClient;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;
using Orchestrator.Storage.Rows;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// Versioned cluster definitions in SQL Server. Two runners applying at once both number their version from the same
/// current one; the second insert meets the first on the primary key (2627 on <see cref="VersionKey"/>) and the apply is
/// retried from the new current version (the same text is then a no-op).
/// </summary>
public sealed class SqlServerClusterDefinitionStore(SqlServerConnectionFactory factory) : IClusterDefinitionStore
{
    /// <summary>The primary key of <c>cluster_definitions</c> (the version number).</summary>
    internal const string VersionKey = "pk_cluster_definitions";

    private const int Attempts = 5;

    public async Task<StoredDefinition?> GetCurrentAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.SingleOrDefaultAsync<StoredDefinition>(
            connection, "SELECT TOP (1) * FROM cluster_definitions ORDER BY version DESC").ConfigureAwait(false);
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
            catch (SqlException e) when (e.IsUniqueViolation(VersionKey) && attempt < Attempts)
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
        await using var tx = await connection.BeginAsync(cancellationToken).ConfigureAwait(false);
        var current = await connection.QuerySingleOrDefaultAsync<(long Version, string Sha256)?>(
            "SELECT TOP (1) version, sha256 FROM cluster_definitions ORDER BY version DESC", transaction: tx).ConfigureAwait(false);
        if (current is { } c && c.Sha256 == d.Sha256)
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return new DefinitionApplyResult(c.Version, false);
        }

        // The same text as an earlier version is stored again as the newest: the history stays linear and says so.
        var repeats = await connection.ExecuteScalarAsync<long?>(
            "SELECT MAX(version) FROM cluster_definitions WHERE sha256 = @Sha256", new { d.Sha256 }, tx).ConfigureAwait(false);
        var version = (current?.Version ?? 0) + 1;
        var at = SqlInstant.Of(d.AppliedAt);
        await connection.ExecuteAsync(
            """
            INSERT INTO cluster_definitions (version, sha256, cluster_name, source_path, yaml, applied_at, applied_by)
            VALUES (@version, @Sha256, @ClusterName, @SourcePath, @Yaml, @at, @AppliedBy)
            """,
            new { version, d.Sha256, d.ClusterName, d.SourcePath, d.Yaml, at, d.AppliedBy }, tx).ConfigureAwait(false);

        // The hierarchies this version deletes are in service nowhere: their placements go first, so a name re-created later is placed afresh.
        foreach (var hierarchy in removedHierarchies)
        {
            await connection.ExecuteAsync(
                "DELETE FROM hierarchy_placements WHERE hierarchy = @hierarchy", new { hierarchy }, tx).ConfigureAwait(false);
        }

        // Placed only where the hierarchy has no placement yet, whatever the case of its name (the collation compares
        // without case); the key range is held so that two applies cannot both insert it.
        foreach (var (hierarchy, node) in initialPlacements)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO hierarchy_placements (hierarchy, node, since)
                SELECT @hierarchy, @node, @at
                 WHERE NOT EXISTS (SELECT 1 FROM hierarchy_placements h WITH (UPDLOCK, HOLDLOCK) WHERE h.hierarchy = @hierarchy)
                """,
                new { hierarchy, node, at }, tx).ConfigureAwait(false);
        }

        var journaled = repeats is { } earlier
            ? audit with
            {
                Reason = $"{audit.Reason}; stored as definition v{version}, the same text as v{earlier} (re-applied)",
                Data = $"{{\"version\":{version},\"repeats\":{earlier}}}",
            }
            : audit with { Data = $"{{\"version\":{version}}}" };
        await SqlServerAuditWriter.AppendAsync(connection, tx, [journaled]).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new DefinitionApplyResult(version, true, repeats);
    }
}
