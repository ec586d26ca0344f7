using System.Globalization;
using Microsoft.AspNetCore.Http;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Host.Web.Data;

/// <summary>
/// The audit filters of the page and the API, read from the query string — the same as `orchestrator audit list`
/// (hierarchy, procedure, kind, actor, since, until, outcome, limit, after) plus <c>before</c> for the older page.
/// Anything malformed is a <see cref="WebInputException"/> (400) naming the parameter and what it takes.
/// </summary>
public sealed record AuditRequest(
    string? Hierarchy,
    long? ProcedureId,
    string? Kind,
    string? Actor,
    string? Since,
    string? Until,
    string? Outcome,
    int Limit,
    long? After,
    long? Before)
{
    public const int DefaultLimit = 100;

    public const int MaxLimit = 1000;

    public static AuditRequest Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var after = Number(query, "after", 0);
        var before = Number(query, "before", 1);
        if (after is not null && before is not null)
        {
            throw new WebInputException("give either after= (newer rows) or before= (older rows), not both");
        }

        var limit = Number(query, "limit", 1) ?? DefaultLimit;
        if (limit > MaxLimit)
        {
            throw new WebInputException($"limit={limit}: at most {MaxLimit} rows per page");
        }

        return new AuditRequest(Endpoints.RouteValues.CheckName("hierarchy", "hierarchy", Text(query, "hierarchy")), Number(query, "procedure", 1), Text(query, "kind"), Text(query, "actor"),
            Text(query, "since"), Text(query, "until"), Text(query, "outcome"), (int)limit, after, before);
    }

    /// <summary>The journal filter (times resolved against <paramref name="now"/>); paging is left to the caller.</summary>
    public AuditQuery ToQuery(DateTimeOffset now, int limit, long? afterId) =>
        new(Hierarchy, ProcedureId, limit, Kind, Actor, AuditTime.Parse(Since, "since", now), AuditTime.Parse(Until, "until", now), Outcome, afterId);

    /// <summary>The query string of this filter, with other paging (for links).</summary>
    public string QueryString(long? after = null, long? before = null)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("hierarchy", Hierarchy);
        Add("procedure", ProcedureId?.ToString(CultureInfo.InvariantCulture));
        Add("kind", Kind);
        Add("actor", Actor);
        Add("since", Since);
        Add("until", Until);
        Add("outcome", Outcome);
        Add("limit", Limit == DefaultLimit ? null : Limit.ToString(CultureInfo.InvariantCulture));
        Add("after", after?.ToString(CultureInfo.InvariantCulture));
        Add("before", before?.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    private static string? Text(IQueryCollection query, string name)
    {
        var value = query[name].ToString().Trim();
        if (value.Length > 200)
        {
            throw new WebInputException($"{name}= is too long ({value.Length} characters; at most 200)");
        }

        return value.Length == 0 ? null : value;
    }

    private static long? Number(IQueryCollection query, string name, long minimum)
    {
        var text = Text(query, name);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= minimum
            ? n
            : throw new WebInputException($"{name}='{text}' is not a whole number of at least {minimum}");
    }
}
