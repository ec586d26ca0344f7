using Orchestrator.Storage.Audit;

namespace Orchestrator.Storage.Definitions;

/// <summary>Versioned cluster definitions. Applying the text that is already current is a no-op.</summary>
public interface IClusterDefinitionStore
{
    Task<StoredDefinition?> GetCurrentAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The current version's number without its text (null: none applied). A version's text never changes, so a reader
    /// that holds a version's parsed text need not read it again while this is unchanged. A provider answers it from the
    /// key alone; the default reads the current version whole.
    /// </summary>
    async Task<long?> GetCurrentVersionAsync(CancellationToken cancellationToken) =>
        (await GetCurrentAsync(cancellationToken).ConfigureAwait(false))?.Version;

    /// <summary>
    /// Stores a new version unless its text is the current one (the text of an earlier version is stored again as a
    /// new version, and the audit says which it repeats); places hierarchies not yet
    /// placed on <paramref name="initialPlacements"/>; appends the audit row, all in one transaction. Removes no placement.
    /// </summary>
    Task<DefinitionApplyResult> ApplyAsync(
        StoredDefinition definition,
        IReadOnlyDictionary<string, string> initialPlacements,
        NewAuditEntry audit,
        CancellationToken cancellationToken) =>
        ApplyAsync(definition, initialPlacements, [], audit, cancellationToken);

    /// <summary>
    /// As the overload without <paramref name="removedHierarchies"/>, and, in the same transaction, forgets the placement of
    /// each hierarchy the new version deletes (issue 16: a hierarchy deleted by <c>cluster apply</c> is in service nowhere, and
    /// one re-created later under that name is placed afresh). Names compare case-insensitively. A text that is already
    /// current changes nothing, placements included.
    /// </summary>
    Task<DefinitionApplyResult> ApplyAsync(
        StoredDefinition definition,
        IReadOnlyDictionary<string, string> initialPlacements,
        IReadOnlyCollection<string> removedHierarchies,
        NewAuditEntry audit,
        CancellationToken cancellationToken);
}
