namespace Orchestrator.Storage.Users;

/// <summary>The list the guide keeps in FailedExUsers.log, as a table: recorded by moves, resolved by later moves.</summary>
public interface IFailedUserMoveStore
{
    /// <summary>Records an open failure for the user (no-op when one is already open).</summary>
    Task RecordAsync(FailedUserMove failure, CancellationToken cancellationToken);

    Task<IReadOnlyList<FailedUserMove>> ListOpenAsync(CancellationToken cancellationToken);

    Task ResolveAsync(string userName, long resolvedBy, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The failures a procedure resolved (the users it moved), whichever attempt of its step moved them.</summary>
    Task<IReadOnlyList<FailedUserMove>> ListResolvedByAsync(long procedureId, CancellationToken cancellationToken);
}
