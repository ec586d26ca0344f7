using Mediator;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.HierarchyUnextend;

/// <summary>S12: unextend <paramref name="Hierarchy"/> from <paramref name="Node"/>; <paramref name="Force"/> overrides the S6 warning (the primary).</summary>
public sealed record UnextendHierarchyCommand(string Hierarchy, string Node, bool Force, string Actor, string? Reason) : ICommand<AdminStarted>;
