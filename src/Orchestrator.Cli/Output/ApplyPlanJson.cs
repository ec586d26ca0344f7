using Orchestrator.Engine.Commands.ApplyCluster;

namespace Orchestrator.Cli.Output;

/// <summary>
/// `cluster apply --dry-run --json` (issue 16): the cluster, the stored version the plan starts from (null: none), the changes
/// in words, every finding (kind "refused" or "needs-force", the object, the message) and what applying would do
/// ("apply", "needs-force", "refused", or "nothing" when the file is the current version).
/// </summary>
public sealed record ApplyPlanJson(string Cluster, long? FromVersion, IReadOnlyList<string> Changes, IReadOnlyList<ApplyFindingJson> Findings, IReadOnlyList<string> Renames, string Outcome)
{
    public static ApplyPlanJson Of(ApplyPlan plan, bool force)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var v = plan.Verdict;
        return new ApplyPlanJson(plan.Cluster, plan.FromVersion, plan.Changes, [.. v.Findings.Select(ApplyFindingJson.Of)], [.. plan.Renames.Select(r => r.Rename.ToString())],
            plan.Current ? "nothing" : v.IsRefused ? "refused" : v.Allows(force) ? "apply" : "needs-force");
    }
}
