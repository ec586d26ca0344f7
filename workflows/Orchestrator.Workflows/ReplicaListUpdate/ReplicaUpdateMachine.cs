using Orchestrator.Engine.Errors;
using Orchestrator.Storage.Replicas;
using Stateless;
using Stateless.Graph;
using static Orchestrator.Workflows.ReplicaListUpdate.ReplicaUpdateStates;
using static Orchestrator.Workflows.ReplicaListUpdate.ReplicaUpdateTriggers;

namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>The Stateless machine of a replica-list update, rebuilt around its persisted record.</summary>
public static class ReplicaUpdateMachine
{
    public static StateMachine<string, string> Build(ReplicaUpdateRecord record)
    {
        var machine = new StateMachine<string, string>(() => record.State, s => record.State = s);
        machine.Configure(Planning)
            .Permit(Planned, Running)
            .Permit(Pause, Paused)
            .Permit(Cancel, Cancelled)
            .Permit(Supersede, Superseded);
        machine.Configure(Running)
            .Permit(BatchesFinished, Completed)
            .Permit(Pause, Paused)
            .Permit(Cancel, Cancelled)
            .Permit(Supersede, Superseded)
            .PermitReentryIf(RetryFailed, () => record.Failed > 0, "failed folders to retry");
        machine.Configure(Paused)
            .PermitIf(Resume, Running, () => record.Planned, "planned")
            .PermitIf(Resume, Planning, () => !record.Planned, "not planned yet")
            .Permit(Cancel, Cancelled)
            .Permit(Supersede, Superseded)
            .PermitReentryIf(RetryFailed, () => record.Failed > 0, "failed folders to retry");
        machine.Configure(Completed)
            .PermitIf(RetryFailed, Running, () => record.Failed > 0, "failed folders to retry");
        return machine;
    }

    /// <summary>Fires the trigger on the record; returns (from, to). Throws a clear refusal when it is not possible.</summary>
    public static (string From, string To) Fire(ReplicaUpdateRecord record, string trigger)
    {
        ArgumentNullException.ThrowIfNull(record);
        var machine = Build(record);
        var from = record.State;
        if (!machine.CanFire(trigger))
        {
            var permitted = machine.GetInfo().States.First(i => Equals(i.UnderlyingState, from)).Transitions
                .Select(t => t.Trigger.UnderlyingTrigger).Distinct().ToList();
            throw new ProcedureStateException(
                $"replica-list update #{record.Id} of {record.Hierarchy} is {from}{(record.Failed == 0 && trigger == RetryFailed ? " with no failed folder" : "")}; " +
                $"'{trigger}' is not possible there (possible: {(permitted.Count == 0 ? "nothing, it is over" : string.Join(", ", permitted))})");
        }

        machine.Fire(trigger);
        return (from, record.State);
    }

    /// <summary>The machine as a Mermaid diagram, from the code that runs it.</summary>
    public static string Diagram() =>
        MermaidGraph.Format(Build(new ReplicaUpdateRecord { State = Planning, Failed = 1 }).GetInfo());
}
