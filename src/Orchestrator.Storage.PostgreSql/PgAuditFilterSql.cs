using Dapper;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// The WHERE clause of an audit filter on PostgreSQL, with only the conditions asked for, and SQLite's semantics:
/// hierarchy, actor and a state outcome compare without case as <c>lower(column) = lower(@value)</c> (the indexes are on
/// <c>lower(hierarchy)</c> and <c>lower(actor)</c>; no citext extension needed); the time range is on the timestamptz
/// <c>at</c> (from inclusive, until exclusive), its bounds rounded up to the microsecond the column keeps.
/// </summary>
internal static class PgAuditFilterSql
{
    public static (string Where, DynamicParameters Parameters) Build(AuditQuery q)
    {
        ArgumentNullException.ThrowIfNull(q);
        var conditions = new List<string>();
        var p = new DynamicParameters();
        if (q.Hierarchy is { } h)
        {
            conditions.Add("lower(hierarchy) = lower(@hierarchy)");
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
            conditions.Add("lower(actor) = lower(@actor)");
            p.Add("actor", actor);
        }

        if (q.Since is { } since)
        {
            conditions.Add("at >= @since");
            p.Add("since", PgInstant.Of(CeilingToMicrosecond(since)));
        }

        if (q.Until is { } until)
        {
            conditions.Add("at < @until");
            p.Add("until", PgInstant.Of(CeilingToMicrosecond(until)));
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
                    conditions.Add("lower(to_state) = lower(@outcome)");
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

    /// <summary>
    /// A bound as the stored times compare to it: they hold whole microseconds, so <c>at &gt;= t</c> and <c>at &lt; t</c>
    /// hold exactly when they hold for t rounded up to the microsecond (truncating would let <c>until</c> drop a row at t).
    /// </summary>
    private static DateTimeOffset CeilingToMicrosecond(DateTimeOffset t) =>
        t.Ticks % TimeSpan.TicksPerMicrosecond == 0 ? t : t.AddTicks(TimeSpan.TicksPerMicrosecond - (t.Ticks % TimeSpan.TicksPerMicrosecond));
}
