using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Administration;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Errors;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Definitions;

namespace Orchestrator.Engine.Commands.ApplyCluster;

/// <summary>
/// Issue 16: `cluster apply` as a planner. Computes the difference between the stored definition and the file's
/// (<see cref="ClusterChanges"/>), and judges it with what is running through the administration rules the hierarchy commands
/// use (<see cref="DefinitionChangeRules"/>, so a change is refused with the same message as the matching command), with the
/// evidence the world gives: where each new hierarchy's Exchange data lives (S10) and the database names on the primary and
/// on each node an extension adds (S11: differing names are renames, refused without --apply-renames). Reads only.
/// </summary>
public sealed class ApplyPlanner(IClusterDefinitionStore store, RunningStateReader running, IHierarchyAdministration world)
{
    /// <summary>The plan for <paramref name="next"/> (whose text hashes to <paramref name="sha256"/>) and the stored definition it starts from.</summary>
    public async Task<(ApplyPlan Plan, ClusterDefinition? Stored, RunningState Running)> PlanAsync(
        ClusterDefinition next, string sha256, bool applyRenames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var current = await store.GetCurrentAsync(cancellationToken).ConfigureAwait(false);
        var stored = current is null ? null : Parse(current);
        var state = await running.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (current is not null && current.Sha256 == sha256)
        {
            return (new ApplyPlan(next.Name, current.Version, [], AdminVerdict.Allowed, []) { Current = true }, stored, state);
        }

        var before = stored ?? Empty(next);
        var creations = new List<HierarchyCreation>();
        foreach (var h in next.Hierarchies.Where(h => before.FindHierarchy(h.Name) is null))
        {
            if (await world.ReadExchangeDataAsync(h.PrimaryNode, h.Application.Name, cancellationToken).ConfigureAwait(false) is { } data)
            {
                creations.Add(new HierarchyCreation(h.Name, h.PrimaryNode, data.SystemDrive, data.Files, data.Volumes, state));
            }
        }

        var verdict = DefinitionChangeRules.Check(before, next, state, creations);
        var renames = new List<PlannedRename>();
        foreach (var after in next.Hierarchies)
        {
            if (before.FindHierarchy(after.Name) is not { } was)
            {
                continue;
            }

            foreach (var added in after.Priorities.Where(p => !was.Includes(p.Node)))
            {
                var (found, needed) = await ExtensionAsync(next, was, after, added, applyRenames, cancellationToken).ConfigureAwait(false);
                verdict = verdict.Plus(new AdminVerdict([.. found.Findings.Where(f => !verdict.Findings.Contains(f))]));
                renames.AddRange(needed.Select(r => new PlannedRename(after.Name, after.Application.Name, r)));
            }
        }

        return (new ApplyPlan(next.Name, current?.Version, ClusterChanges.Between(stored, next), verdict, renames), stored, state);
    }

    /// <summary>
    /// S11 for one node an apply adds to a hierarchy: the extend rule with the database names read on the primary and on the
    /// node (either unknown: no renames computed), and, for the renames it needs, the stop without --apply-renames.
    /// </summary>
    private async Task<(AdminVerdict Verdict, IReadOnlyList<StoreRename> Renames)> ExtensionAsync(
        ClusterDefinition next, HierarchyDefinition was, HierarchyDefinition after, NodePriority added, bool applyRenames, CancellationToken cancellationToken)
    {
        var application = after.Application.Name;
        var onPrimary = await world.ReadStoreNamesAsync(was.PrimaryNode, application, cancellationToken).ConfigureAwait(false);
        var onTarget = await world.ReadStoreNamesAsync(added.Node, application, cancellationToken).ConfigureAwait(false);
        if (onPrimary is null || onTarget is null)
        {
            return (AdminVerdict.Allowed, []);
        }

        var without = after with { Priorities = [.. after.Priorities.Where(p => !ReferenceEquals(p, added))] };
        var extension = HierarchyExtendRule.Check(new HierarchyExtension(next, without, added.Node, added.Priority, onPrimary, onTarget));
        return (extension.Verdict.Plus(StoreRenameRule.Check(after.Name, added.Node, extension.Renames, applyRenames)), extension.Renames);
    }

    /// <summary>
    /// The plan of a first apply where nothing is stored and nothing runs (a data directory not created yet, which a dry run
    /// must not create): every hierarchy a creation, judged without the world's evidence.
    /// </summary>
    public static ApplyPlan First(ClusterDefinition next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return new ApplyPlan(next.Name, null, ClusterChanges.Between(null, next), DefinitionChangeRules.Check(Empty(next), next, RunningState.Nothing), []);
    }

    private static ClusterDefinition Empty(ClusterDefinition next) => new(next.Name, next.Settings, [], [], [], SourceLocation.Unknown);

    private static ClusterDefinition Parse(StoredDefinition current)
    {
        var parsed = ClusterDefinitionParser.Parse(current.Yaml);
        return parsed.Definition
            ?? throw new BadInputException($"the stored cluster definition v{current.Version} no longer parses ({parsed.Errors[0].Message}); it cannot be compared with the file");
    }
}
