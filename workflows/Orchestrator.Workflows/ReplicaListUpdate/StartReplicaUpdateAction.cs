using Microsoft.Extensions.Logging;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Steps;
using Orchestrator.Storage.Replicas;
using Orchestrator.Workflows.Resources;

namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>
/// S25, the last step of a move: starts the background replica-list update linked to the move (once, however often
/// the step runs) and returns at once — the hierarchy is in service (green) while the folders are written. With the
/// flag missing from an upgraded definition it writes warning 28540 and skips (S31).
/// </summary>
public sealed class StartReplicaUpdateAction(
    CurrentDefinition definitions,
    IReplicaUpdateStore store,
    ReplicaUpdateScheduler scheduler,
    ILogger<StartReplicaUpdateAction> logger) : IStepAction
{
    public const string Warning28540 = "28540";

    public string Action => StepActions.ReplicasUpdate;

    public string Describe(string node, string target) =>
        $"start the background update of the public-folder replica lists ({target} → {node})";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var (procedure, step) = (execution.Procedure, execution.Step);
        var settings = (await definitions.GetAsync(cancellationToken).ConfigureAwait(false)).Definition.Settings;
        if (!settings.UpdateReplicaListDeclared)
        {
            logger.LogWarning("{Message}: update-replica-list is missing from the cluster definition; replica lists of {Hierarchy} not updated", Warning28540, procedure.Hierarchy);
            execution.Note = $"warning {Warning28540}: update-replica-list is missing from the cluster definition (an upgraded definition), " +
                $"so the public-folder replica lists still name {step.Target}; add 'update-replica-list: true' (or false) under settings and apply it";
            return;
        }

        if (!settings.UpdateReplicaList)
        {
            execution.Note = "update-replica-list is off: the public-folder replica lists are left as they are";
            return;
        }

        var request = new NewReplicaUpdate(
            procedure.Id, procedure.Hierarchy, step.Target, step.Node, ReplicaUpdateStates.Planning,
            settings.ReplicaBatchSize, settings.ReplicaParallelism, procedure.RequestedBy, execution.Time.GetUtcNow());
        var (update, _) = await store.StartAsync(
            request,
            id => ReplicaUpdateAudit.Entry(
                new ReplicaUpdateRecord { Id = id, ProcedureId = procedure.Id, Hierarchy = procedure.Hierarchy, FromServer = step.Target, ToServer = step.Node },
                null, ReplicaUpdateStates.Planning, "Started", procedure.RequestedBy,
                $"started replica-list update #{id} after {procedure.Kind} #{procedure.Id}: every public folder that lists {step.Target} gets {step.Node} instead, " +
                $"in the background (batches of {settings.ReplicaBatchSize}, {settings.ReplicaParallelism} at once); {procedure.Hierarchy} is in service on {step.Node} meanwhile",
                request.At),
            older => ReplicaUpdateAudit.Entry(
                older, older.State, ReplicaUpdateStates.Superseded, ReplicaUpdateTriggers.Supersede, ReplicaUpdateAudit.System,
                $"{ReplicaUpdateAudit.Name(older)} superseded by {procedure.Kind} #{procedure.Id} ({older.Done} of {older.Total} folder(s) done); " +
                "its running batch finishes, then the newer update sets every folder's final list",
                request.At),
            cancellationToken).ConfigureAwait(false);
        await scheduler.KickAsync(update.Id, cancellationToken).ConfigureAwait(false);
        execution.Note = $"replica-list update #{update.Id} runs in the background; follow it with `orchestrator replicas status {procedure.Hierarchy}`";
    }
}
