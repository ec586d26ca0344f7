using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Storage.Procedures;
using Stateless;

namespace Orchestrator.Engine.Procedures;

/// <summary>A kind of procedure: its machine, and the plan of steps it runs. Pure: no I/O.</summary>
public interface IProcedureDefinition
{
    string Kind { get; }

    string InitialState { get; }

    /// <summary>The working states in order (the phases steps belong to).</summary>
    IReadOnlyList<string> Phases { get; }

    void Configure(StateMachine<string, string> machine, MachineInputs inputs);

    /// <summary>Whether a failover of the hierarchy suspends it (a rolling update) instead of being refused by it.</summary>
    bool YieldsToFailover => false;

    /// <summary>The kind of move it makes, for the admission rule (<see cref="MoveAdmission"/>); null when it moves no hierarchy.</summary>
    MoveKind? Move => null;

    /// <summary>
    /// The phase whose steps bring the hierarchy in service on the procedure's target node; null when none does by itself.
    /// <c>procedures approve</c> and <c>retry</c> re-check the admission of the move while steps of it remain.
    /// </summary>
    string? InServicePhase => null;

    /// <summary>
    /// Whether it needs usable directory credentials (S15) before it starts or resumes: every kind that moves a hierarchy
    /// by default; a kind doing directory work of its own says so (<see cref="Admission.DirectoryCredentialAdmission"/>).
    /// </summary>
    bool NeedsDirectoryCredentials => Move is not null;

    IReadOnlyList<PlannedStep> Plan(ClusterDefinition cluster, HierarchyDefinition hierarchy, string sourceNode, string targetNode);
}
