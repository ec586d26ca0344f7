using Orchestrator.Storage.Replicas;

namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>Builds <see cref="ReplicaUpdateView"/>s from the tables.</summary>
public sealed class ReplicaUpdateViews(IReplicaUpdateStore store, TimeProvider time)
{
    public async Task<ReplicaUpdateView> GetAsync(ReplicaUpdateRecord u, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(u);
        var failures = await store.OpenFailuresAsync(u.Id, cancellationToken).ConfigureAwait(false);
        var (redone, _) = await store.RedoneAsync(u.Id, cancellationToken).ConfigureAwait(false);
        var rate = 0.0;
        if (u.PlannedAt is { } planned)
        {
            var elapsed = ((u.CompletedAt ?? time.GetUtcNow()) - planned).TotalSeconds;
            rate = elapsed > 0.001 ? u.Done / elapsed : 0;
        }

        double? eta = u.IsActive && rate > 0 ? u.Remaining / rate : null;
        return new ReplicaUpdateView(
            u.Id, u.ProcedureId, u.Hierarchy, u.FromServer, u.ToServer, u.State, u.IsActive, u.Total, u.Done, u.Changed, u.Failed, u.Remaining,
            Math.Round(rate, 1), eta is { } e ? Math.Round(e, 1) : null, u.BatchSize, u.Parallelism, u.RequestedBy, u.CreatedAt, u.PlannedAt,
            u.CompletedAt, u.SupersededBy, redone,
            [.. failures.Select(f => new ReplicaFailureView(f.Folder, f.Attempts, f.Error, f.RecordedAt))]);
    }
}
