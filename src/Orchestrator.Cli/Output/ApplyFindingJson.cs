using Orchestrator.Domain.Administration;

namespace Orchestrator.Cli.Output;

/// <summary>One finding of a `cluster apply` plan: "refused" or "needs-force", the object it is about, and the message naming the fix.</summary>
public sealed record ApplyFindingJson(string Kind, string Subject, string Message)
{
    public static ApplyFindingJson Of(AdminFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return new(finding.Kind == AdminFindingKind.Refused ? "refused" : "needs-force", finding.Subject, finding.Message);
    }
}
