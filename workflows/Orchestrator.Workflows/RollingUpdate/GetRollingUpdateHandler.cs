using Mediator;
using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Resources;

namespace Orchestrator.Workflows.RollingUpdate;

/// <summary>Builds the per-node view of a rolling update from its steps, its first audit row and the world's versions.</summary>
public sealed class GetRollingUpdateHandler(RollingUpdates updates, IProcedureStore store, IAuditJournal audit, INodeSoftware software, StepActionCatalog actions)
    : IQueryHandler<GetRollingUpdateQuery, RollingUpdateView>
{
    private static readonly HashSet<string> UpdateActions =
        [StepActions.AgentStop, StepActions.PackageInstall, StepActions.AgentStart, StepActions.UpdateVerify, StepActions.NodeUpdate];

    public async ValueTask<RollingUpdateView> Handle(GetRollingUpdateQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var key = RollingUpdates.KeyOf(query.Hierarchy, query.WholeCluster);
        var update = await updates.LatestAsync(key, cancellationToken).ConfigureAwait(false);
        var steps = await store.GetStepsAsync(update.Id, cancellationToken).ConfigureAwait(false);
        var rows = await audit.ListAsync(new AuditQuery(ProcedureId: update.Id, Limit: 10_000), cancellationToken).ConfigureAwait(false);
        var data = RollingUpdateData.Parse(rows.OrderBy(r => r.Id).FirstOrDefault(r => r.TriggerName == "Requested")?.Data);
        var current = steps.FirstOrDefault(s => s.Status is not (StepStatus.Done or StepStatus.Skipped));
        var nodes = new List<NodeUpdateView>();
        foreach (var node in data?.Nodes ?? steps.Select(s => s.Node).Distinct(StringComparer.OrdinalIgnoreCase).ToList())
        {
            nodes.Add(await NodeAsync(node, steps, current, data, cancellationToken).ConfigureAwait(false));
        }

        return new RollingUpdateView(
            update.Id, update.Hierarchy, update.State, update.IsActive, data?.Package ?? "?", data?.SwitchbackAt,
            steps.Count(s => s.Status is StepStatus.Done or StepStatus.Skipped), steps.Count,
            current is null ? null : actions.Describe(current.Action, current.Node, current.Target), current?.WaitingFor, update.LastError,
            update.CreatedAt, update.CompletedAt, nodes, [.. rows.OrderBy(r => r.Id)]);
    }

    private async Task<NodeUpdateView> NodeAsync(string node, IReadOnlyList<StepRecord> steps, StepRecord? current, RollingUpdateData? data, CancellationToken cancellationToken)
    {
        var mine = steps.Where(s => UpdateActions.Contains(s.Action) && string.Equals(s.Node, node, StringComparison.OrdinalIgnoreCase)).ToList();
        var now = await software.InstalledVersionAsync(node, cancellationToken).ConfigureAwait(false);
        var started = mine.Select(s => s.FirstStartedAt).Where(t => t is not null).Min();
        var finished = mine.Count > 0 && mine.All(s => s.Status is StepStatus.Done or StepStatus.Skipped) ? mine.Max(s => s.CompletedAt) : null;
        var state = mine.Count == 0 ? "nothing to do"
            : mine.Any(s => s.Status == StepStatus.Failed) ? "failed"
            : finished is not null ? (now == data?.Package ? "updated" : "failed")
            : started is not null ? "updating"
            : "pending";
        var next = current is not null && string.Equals(current.Node, node, StringComparison.OrdinalIgnoreCase)
            ? actions.Describe(current.Action, current.Node, current.Target)
            : null;
        return new NodeUpdateView(node, state, data?.VersionsBefore.GetValueOrDefault(node), now, started, finished,
            started is { } s && finished is { } f ? Math.Round((f - s).TotalSeconds, 1) : null, next);
    }
}
