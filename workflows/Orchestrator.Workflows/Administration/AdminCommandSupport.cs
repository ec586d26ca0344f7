using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Commands;
using Orchestrator.Storage.Definitions;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Workflows.Administration;

/// <summary>
/// The prologue the hierarchy administration commands share, written once: read the stored definition, find the hierarchy,
/// judge the change by its Domain rule (<see cref="AdminVerdicts"/>: refused, or S6 warnings without --force, before anything is
/// recorded), edit the definition text, validate it as <c>cluster apply</c> would, take the hierarchy and launch the procedure
/// (<see cref="AdminProcedureLauncher"/>), planned again from the current state when another procedure moved it meanwhile
/// (<see cref="ProcedureLauncher.PlanFromCurrentStateAsync"/>). A command judged on what is running takes the hierarchy before
/// it judges; one judged on the definition alone judges first and takes only to launch.
/// </summary>
public sealed class AdminCommandSupport(IClusterDefinitionStore definitions, Engine.Administration.RunningStateReader running, AdminProcedureLauncher launcher)
{
    /// <summary>
    /// For a command whose rule judges what is running (S12, S13): read, find <paramref name="hierarchy"/>, take it, read what is
    /// running, <paramref name="rule"/>, then <paramref name="change"/>, validate and launch — all of it again when stale.
    /// </summary>
    public Task<AdminStarted> LaunchJudgedOnRunningAsync(
        AdminRequest request,
        string hierarchy,
        Func<HierarchyDefinition, RunningState, AdminVerdict> rule,
        Func<StoredCluster, HierarchyDefinition, HierarchyPicture, AdminChange> change,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(change);
        return ProcedureLauncher.PlanFromCurrentStateAsync(async () =>
        {
            var stored = await StoredCluster.ReadAsync(definitions, cancellationToken).ConfigureAwait(false);
            var h = stored.Hierarchy(hierarchy);
            var picture = await launcher.TakeAsync(h.Name, cancellationToken).ConfigureAwait(false);
            var now = await running.ReadAsync(cancellationToken).ConfigureAwait(false);
            var overridden = AdminVerdicts.Enforce(rule(h, now), request.Force);
            var changed = change(stored, h, picture);
            StoredCluster.Validate(changed.Edit.NextYaml, changed.Edit.Source);
            return await LaunchAsync(request, stored, h, picture, changed, overridden, cancellationToken).ConfigureAwait(false);
        });
    }

    /// <summary>
    /// For a command whose rule judges the definition alone (S5, S14, S17): read, <paramref name="find"/> the hierarchy,
    /// <paramref name="rule"/>, <paramref name="edit"/> and validate once; then take the hierarchy and plan its
    /// <paramref name="steps"/> (given where it is in service and the cluster's max wait) on the node it is in service on (else
    /// its primary) — the take and the plan again when stale.
    /// </summary>
    public async Task<AdminStarted> LaunchJudgedOnDefinitionAsync(
        AdminRequest request,
        Func<StoredCluster, HierarchyDefinition> find,
        Func<HierarchyDefinition, AdminVerdict> rule,
        Func<StoredCluster, HierarchyDefinition, AdminEdit> edit,
        Func<HierarchyDefinition, string?, int, IReadOnlyList<PlannedStep>> steps,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(find);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentNullException.ThrowIfNull(steps);
        var stored = await StoredCluster.ReadAsync(definitions, cancellationToken).ConfigureAwait(false);
        var h = find(stored);
        var overridden = AdminVerdicts.Enforce(rule(h), request.Force);
        var edited = edit(stored, h);
        StoredCluster.Validate(edited.NextYaml, edited.Source);
        return await ProcedureLauncher.PlanFromCurrentStateAsync(async () =>
        {
            var picture = await launcher.TakeAsync(h.Name, cancellationToken).ConfigureAwait(false);
            var changed = new AdminChange(picture.PlacedOn ?? h.PrimaryNode, steps(h, picture.PlacedOn, stored.Cluster.Settings.MaxWaitSeconds), edited);
            return await LaunchAsync(request, stored, h, picture, changed, overridden, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private Task<AdminStarted> LaunchAsync(AdminRequest request, StoredCluster stored, HierarchyDefinition h, HierarchyPicture picture, AdminChange changed,
        IReadOnlyList<AdminFinding> overridden, CancellationToken cancellationToken)
    {
        var launch = new AdminLaunch(request.Kind, h.Name, changed.Node, changed.Steps, changed.Edit.NextYaml, stored.Version, changed.Edit.Source,
            request.Actor, request.Reason, overridden, request.RemovesHierarchy ? null : picture.PlacedOn, stored.Cluster.Settings.MaxWaitSeconds);
        return launcher.LaunchAsync(launch, picture, cancellationToken);
    }
}
