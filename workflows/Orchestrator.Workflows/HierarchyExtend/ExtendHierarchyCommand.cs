using Mediator;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.HierarchyExtend;

/// <summary>S11: extend <paramref name="Hierarchy"/> to <paramref name="Node"/> at <paramref name="Priority"/> (null: 10).</summary>
public sealed record ExtendHierarchyCommand(
    string Hierarchy, string Node, int? Priority, bool NPlusOne, bool ApplyRenames, string Actor, string? Reason) : ICommand<AdminStarted>;
