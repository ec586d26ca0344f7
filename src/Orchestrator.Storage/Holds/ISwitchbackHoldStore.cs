namespace Orchestrator.Storage.Holds;

/// <summary>
/// S29: a procedure's hold on a hierarchy's switchback type ("do not switch back" while an update runs), read before
/// the definition's, and given back at the procedure's end.
/// </summary>
public interface ISwitchbackHoldStore
{
    /// <summary>Holds the hierarchy at <paramref name="switchback"/> for the procedure; the same hold again changes nothing.</summary>
    Task HoldAsync(string hierarchy, string switchback, long procedureId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Releases the procedure's hold (no-op when it has none).</summary>
    Task ReleaseAsync(string hierarchy, long procedureId, CancellationToken cancellationToken);

    /// <summary>The held switchback type of the hierarchy, or null.</summary>
    Task<string?> HeldAsync(string hierarchy, CancellationToken cancellationToken);

    /// <summary>Every held hierarchy and its held switchback type (keys ignore case), in one query.</summary>
    Task<IReadOnlyDictionary<string, string>> ListHeldAsync(CancellationToken cancellationToken);
}
