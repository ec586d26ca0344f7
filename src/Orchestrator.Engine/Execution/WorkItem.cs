using Orchestrator.Storage.Claims;

namespace Orchestrator.Engine.Execution;

/// <summary>One unit of durable work to hand to a job: its kind (<see cref="WorkKinds"/>), its owner's id and its seq. Identities only.</summary>
public sealed record WorkItem(string Kind, long OwnerId, int Seq)
{
    public static WorkItem Step(long procedureId, int seq) => new(WorkKinds.Step, procedureId, seq);

    public static WorkItem ReplicaBatch(long updateId, int seq) => new(WorkKinds.ReplicaBatch, updateId, seq);

    public static WorkItem ReplicaPlan(long updateId) => new(WorkKinds.ReplicaPlan, updateId, 0);

    public override string ToString() => $"{Kind} {Seq} of #{OwnerId}";
}
