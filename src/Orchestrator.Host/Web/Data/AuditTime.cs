using Orchestrator.Storage.Audit;

namespace Orchestrator.Host.Web.Data;

/// <summary>The audit filters' time forms (<see cref="AuditTimeText"/>) as query parameters: a bad one is a 400 naming the parameter.</summary>
public static class AuditTime
{
    public static DateTimeOffset? Parse(string? text, string name, DateTimeOffset now) =>
        string.IsNullOrWhiteSpace(text) ? null
        : AuditTimeText.TryParse(text, now, out var at, out var problem) ? at
        : throw new WebInputException($"{name}='{text}' {problem}");
}
