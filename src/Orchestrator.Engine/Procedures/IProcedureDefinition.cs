using Orchestrator.Domain.Cluster;
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

    IReadOnlyList<PlannedStep> Plan(ClusterDefinition cluster, HierarchyDefinition hierarchy, string sourceNode, string targetNode);
}
