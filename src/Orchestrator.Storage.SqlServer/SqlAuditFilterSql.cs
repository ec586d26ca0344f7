using Dapper;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// The WHERE clause of an audit filter on SQL Server, with only the conditions asked for, and SQLite's semantics:
/// hierarchy, actor and a state outcome compare without case because the database's collation is case-insensitive (the
/// schema refuses a case-sensitive one), so the plain indexes on hierarchy and actor serve them; the time range is on the
/// datetimeoffset(7) <c>at</c> (from inclusive, until exclusive), which keeps every tick: the bounds need no rounding.
/// </summary>
internal static class SqlAuditFilterSql
{
    public static (string Where, DynamicParameters Parameters) Build(AuditQuery q)
    {
        ArgumentNullException.ThrowIfNull(q);
        var conditions = new List<string>();
        var p = new DynamicParameters();
        if (q.Hierarchy is { } h)
        {
            conditions.Add("hierarchy = @hierarchy");
            p.Add("hierarchy", h);
        }

        if (q.ProcedureId is { } id)
        {
            conditions.Add("procedure_id = @procedure");
            p.Add("procedure", id);
        }

        if (q.Kind is { } kind)
        {
            conditions.Add("kind = @kind");
            p.Add("kind", kind);
        }

        if (q.Actor is { } actor)
        {
            conditions.Add("actor = @actor");
            p.Add("actor", actor);
        }

        if (q.Since is { } since)
        {
            conditions.Add("at >= @since");
            p.Add("since", SqlInstant.Of(since));
        }

        if (q.Until is { } until)
        {
            conditions.Add("at < @until");
            p.Add("until", SqlInstant.Of(until));
        }

        if (q.Outcome is { } outcome)
        {
            switch (outcome.ToLowerInvariant())
            {
                case "failed":
                    conditions.Add("trigger_name IN ('StepFailed', 'MaxWaitExceeded')");
                    break;
                case "waiting":
                    conditions.Add("to_state = 'WaitingForOperator'");
                    break;
                default:
                    conditions.Add("to_state = @outcome");
                    p.Add("outcome", outcome);
                    break;
            }
        }

        if (q.AfterId is { } after)
        {
            conditions.Add("id > @after");
            p.Add("after", after);
        }

        return (conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions), p);
    }
}
