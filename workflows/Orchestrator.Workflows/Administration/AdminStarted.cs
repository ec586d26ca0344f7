namespace Orchestrator.Workflows.Administration;

/// <summary>
/// An administration procedure was created and its first step committed: its id, kind, hierarchy, the node it works on, its
/// number of steps, what each step does (in order) and the S6 warnings the operator overrode with --force.
/// </summary>
public sealed record AdminStarted(long Id, string Kind, string Hierarchy, string Node, int Steps, IReadOnlyList<string> Plan, IReadOnlyList<string> Overridden);
