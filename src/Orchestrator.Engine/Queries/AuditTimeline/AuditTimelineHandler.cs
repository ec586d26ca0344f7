using Mediator;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Engine.Queries.AuditTimeline;

/// <summary>Groups the hierarchy's journal rows by procedure, in the order they began.</summary>
public sealed class AuditTimelineHandler(IAuditJournal journal) : IQueryHandler<AuditTimelineQuery, IReadOnlyList<TimelineEntry>>
{
    public async ValueTask<IReadOnlyList<TimelineEntry>> Handle(AuditTimelineQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var entries = new List<TimelineEntry>();
        var groups = new Dictionary<(long, string), List<AuditEntry>>();
        await foreach (var row in journal.StreamAsync(new AuditQuery(query.Hierarchy), cancellationToken).ConfigureAwait(false))
        {
            if (row.ProcedureId is not { } id)
            {
                entries.Add(new TimelineEntry(row.Id, null, row.Kind, row.At, null, null, row.Actor, row.Nodes, row.TriggerName, row.Reason, 1));
                continue;
            }

            if (!groups.TryGetValue((id, row.Kind), out var rows))
            {
                groups[(id, row.Kind)] = rows = []; // a procedure, or the replica-list update linked to it
            }

            rows.Add(row);
        }

        foreach (var ((id, _), rows) in groups)
        {
            var first = rows[0];
            var last = rows[^1];
            var ended = last.ToState is { } state && ProcedureStates.IsTerminal(state) ? last.At : (DateTimeOffset?)null;
            var outcome = last.ToState ?? last.TriggerName;
            entries.Add(new TimelineEntry(first.Id, id, first.Kind, first.At, ended,
                ended is { } e ? Math.Round((e - first.At).TotalSeconds, 3) : null,
                first.Actor, first.Nodes ?? rows.Select(r => r.Nodes).FirstOrDefault(n => n is not null), outcome, first.Reason, rows.Count));
        }

        return [.. entries.OrderBy(e => e.FirstSequence).TakeLast(query.Limit)];
    }
}
