using System.Security.Cryptography;
using System.Text;
using Mediator;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Errors;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;

namespace Orchestrator.Engine.Commands.ApplyCluster;

/// <summary>
/// `cluster apply`: validates the file and plans it (issue 16, <see cref="ApplyPlanner"/>: the changes from the stored
/// definition, judged with what is running by the hierarchy commands' rules). A dry run stops there. A refused plan (or one
/// with S6 warnings, without --force) throws before anything changes, listing every finding. Otherwise it checks the world
/// can take it (a damaged world.db refuses the apply before anything is stored, issue 15), stores the file's text as the new
/// version with its audit row (the warnings --force overrode listed) and forgets the deleted hierarchies' placements in the
/// same transaction, makes the world follow (<see cref="WorldRemovals"/>: renames, unextends, deletes), then seeds it through
/// <see cref="WorldReconciler.SeedAsync"/>, which records the version in the world last: an apply killed between the two
/// files is completed by the next start.
/// </summary>
public sealed class ApplyClusterHandler(
    IClusterDefinitionStore store, IWorldSeeder world, WorldReconciler reconciler, IDefinitionResourceCheck resourceCheck, ApplyPlanner planner,
    WorldRemovals removals, TimeProvider time)
    : ICommandHandler<ApplyClusterCommand, ApplyClusterResult>
{
    public async ValueTask<ApplyClusterResult> Handle(ApplyClusterCommand command, CancellationToken cancellationToken)
    {
        var parsed = await DefinitionFileReader.ReadAsync(command.Path, resourceCheck, cancellationToken).ConfigureAwait(false);
        if (parsed.Definition is not { } definition)
        {
            throw new DefinitionInvalidException(command.Path, parsed.Errors.Select(e => e.Format(command.Path)).ToList());
        }

        var yaml = await File.ReadAllTextAsync(command.Path, cancellationToken).ConfigureAwait(false);
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml)));
        var (plan, before, running) = await planner.PlanAsync(definition, sha, command.ApplyRenames, cancellationToken).ConfigureAwait(false);
        var names = definition.Hierarchies.Select(h => h.Name).ToList();
        if (command.DryRun)
        {
            return new ApplyClusterResult(definition.Name, plan.FromVersion ?? 0, false, names) { Plan = plan, DryRun = true };
        }

        if (!plan.Verdict.Allows(command.Force))
        {
            throw ApplyRefusal.Exception(command.Path, plan.Verdict, command.Force);
        }

        var now = time.GetUtcNow();
        var stored = new StoredDefinition
        {
            Sha256 = sha, ClusterName = definition.Name, SourcePath = Path.GetFullPath(command.Path), Yaml = yaml, AppliedAt = now, AppliedBy = command.Actor,
        };
        var placements = definition.Hierarchies.ToDictionary(h => h.Name, h => h.PrimaryNode);
        var deleted = (before?.Hierarchies ?? []).Where(h => definition.FindHierarchy(h.Name) is null).Select(h => h.Name).ToList();
        var overridden = plan.Verdict.Warnings.Count == 0 ? "" : $"; overrode with --force: {string.Join("; ", plan.Verdict.Warnings.Select(w => w.Message))}";
        var audit = new NewAuditEntry(now, null, "cluster", null, null, null, "Apply", command.Actor,
            $"{command.Actor} applied cluster definition {definition.Name} from {stored.SourcePath} ({definition.Nodes.Count} nodes, {definition.Hierarchies.Count} hierarchies; "
            + $"{Summary(plan.Changes)}){overridden}");
        await world.EnsureIntactAsync(cancellationToken).ConfigureAwait(false);
        var result = await store.ApplyAsync(stored, placements, deleted, audit, cancellationToken).ConfigureAwait(false);
        var removed = result.Changed && before is not null
            ? await removals.ApplyAsync(before, definition, plan, running, result.Version, cancellationToken).ConfigureAwait(false)
            : [];
        var seeded = await reconciler.SeedAsync(definition, result.Version, cancellationToken).ConfigureAwait(false);
        return new ApplyClusterResult(definition.Name, result.Version, result.Changed, names, result.Repeats) { Notes = [.. removed, .. seeded.Notes], Plan = plan };
    }

    /// <summary>The plan's changes for the audit row: all of them, up to <see cref="AuditedChanges"/>, then how many more.</summary>
    private static string Summary(IReadOnlyList<string> changes) => changes.Count switch
    {
        0 => "no change to the cluster",
        <= AuditedChanges => string.Join("; ", changes),
        _ => $"{string.Join("; ", changes.Take(AuditedChanges))}; and {changes.Count - AuditedChanges} more change(s)",
    };

    private const int AuditedChanges = 20;
}
