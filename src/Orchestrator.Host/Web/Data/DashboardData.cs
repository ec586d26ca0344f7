using Mediator;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.GetStatus;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Queries.ListProcedures;
using Orchestrator.Host.Web.Diagram;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Host.Web.Data;

/// <summary>
/// What the dashboard shows, read through the orchestrator's own queries (Mediator) and stores: the same data feeds
/// the HTML pages and the JSON API.
/// </summary>
public sealed class DashboardData(IMediator mediator, IProcedureStore procedures, ProcedureCatalog catalog, TimeProvider time)
{
    public async Task<StatusPageData> StatusAsync(CancellationToken cancellationToken)
    {
        var status = await mediator.Send(new GetStatusQuery(), cancellationToken).ConfigureAwait(false);
        var recent = await ProceduresAsync(null, 20, cancellationToken).ConfigureAwait(false);
        var running = (await mediator.Send(new ListProceduresQuery(null, ActiveOnly: true), cancellationToken).ConfigureAwait(false))
            .ToDictionary(p => p.Id, ProcedureSummary.From);
        var active = new List<ProcedureSummary>();
        foreach (var h in status.Hierarchies)
        {
            if (h.ActiveProcedureId is { } id && running.TryGetValue(id, out var summary))
            {
                active.Add(summary);
            }
        }

        return new StatusPageData(status, active, recent, time.GetUtcNow());
    }

    public async Task<IReadOnlyList<ProcedureSummary>> ProceduresAsync(string? hierarchy, int limit, CancellationToken cancellationToken)
    {
        var views = await mediator.Send(new ListProceduresQuery(hierarchy, limit), cancellationToken).ConfigureAwait(false);
        return views.Select(ProcedureSummary.From).ToList();
    }

    /// <summary>The procedure with its steps, diagram and audit rows; null when there is no such procedure.</summary>
    public async Task<ProcedureDetails?> ProcedureAsync(long id, CancellationToken cancellationToken)
    {
        var record = await procedures.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        var view = await mediator.Send(new Engine.Queries.GetProcedure.GetProcedureQuery(id), cancellationToken).ConfigureAwait(false);
        var records = (await procedures.GetStepsAsync(id, cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Seq);
        var steps = view.Steps.Select(s =>
        {
            var r = records.GetValueOrDefault(s.Seq);
            return new StepDetails(s.Seq, s.Phase, s.Action, s.Node, s.Target, s.Description, s.Status, s.Attempts, r?.FirstStartedAt, r?.CompletedAt, s.LastError, s.WaitingFor);
        }).ToList();

        var audit = await mediator.Send(new ListAuditQuery(null, id, 10_000), cancellationToken).ConfigureAwait(false);
        var taken = audit.Where(a => a.ProcedureId == id && a.FromState is { Length: > 0 } && a.ToState is { Length: > 0 })
            .Select(a => (a.FromState!, a.ToState!)).ToHashSet();
        StateDiagram? diagram = null;
        try
        {
            diagram = StateDiagramBuilder.Build(catalog.Get(view.Kind), view.State, taken);
        }
        catch (Engine.Errors.BadInputException)
        {
            // a kind this version does not know: the page shows the procedure without a diagram
        }

        return new ProcedureDetails(ProcedureSummary.From(view), view.LastError, steps, diagram, audit);
    }

    /// <summary>
    /// One page of the journal. Without paging, the newest rows; with <c>after</c>, the rows after that sequence; with
    /// <c>before</c>, the newest rows before it — found by asking for the rows after a point that moves back
    /// (doubling) until the page is full, so an older page costs about as much as the rows it skips over.
    /// </summary>
    public async Task<AuditPageData> AuditAsync(AuditRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        IReadOnlyList<AuditEntry> rows;
        if (request.Before is { } before)
        {
            rows = await OlderAsync(request, before, now, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            rows = await ListAsync(request.ToQuery(now, request.Limit, request.After), cancellationToken).ConfigureAwait(false);
        }

        var full = rows.Count == request.Limit;
        long? newer, older;
        if (request.Before is { } b)
        {
            newer = rows.Count > 0 ? rows[^1].Id : b - 1;
            older = full ? rows[0].Id : null;
        }
        else if (request.After is { } a)
        {
            newer = full ? rows[^1].Id : null;
            older = a == 0 ? null : rows.Count > 0 ? rows[0].Id : a + 1;
        }
        else
        {
            newer = null;
            older = full ? rows[0].Id : null;
        }

        return new AuditPageData(request, rows, newer, older);
    }

    private async Task<IReadOnlyList<AuditEntry>> OlderAsync(AuditRequest request, long before, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (long span = request.Limit; ; span *= 2)
        {
            var from = Math.Max(0, before - 1 - span);
            var (rows, found) = await LastRowsBetweenAsync(request, from, before, now, cancellationToken).ConfigureAwait(false);
            if (found >= request.Limit || from == 0)
            {
                return rows;
            }
        }
    }

    /// <summary>The last <c>Limit</c> matching rows with <paramref name="from"/> &lt; sequence &lt; <paramref name="before"/>, read in bounded chunks; and how many matched.</summary>
    private async Task<(IReadOnlyList<AuditEntry> Rows, long Found)> LastRowsBetweenAsync(AuditRequest request, long from, long before, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var chunk = request.Limit * 16;
        var window = new List<AuditEntry>();
        long found = 0;
        for (var cursor = from; ;)
        {
            var batch = await ListAsync(request.ToQuery(now, chunk, cursor), cancellationToken).ConfigureAwait(false);
            var below = batch.Where(r => r.Id < before).ToList();
            found += below.Count;
            window.AddRange(below);
            if (window.Count > request.Limit)
            {
                window.RemoveRange(0, window.Count - request.Limit);
            }

            if (batch.Count < chunk || below.Count < batch.Count)
            {
                return (window, found);
            }

            cursor = batch[^1].Id;
        }
    }

    private async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken) =>
        await mediator.Send(new ListAuditQuery(query.Hierarchy, query.ProcedureId, query.Limit, query), cancellationToken).ConfigureAwait(false);
}
