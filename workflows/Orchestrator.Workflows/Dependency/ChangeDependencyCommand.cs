using Mediator;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.Dependency;

/// <summary>
/// S5: `dependency add|remove PARENT CHILD [--hierarchy H]`: <paramref name="Remove"/> says which; <paramref name="Hierarchy"/>
/// is null when the command leaves it to the resources (the one hierarchy whose tree holds both).
/// </summary>
public sealed record ChangeDependencyCommand(bool Remove, string Parent, string Child, string? Hierarchy, string Actor, string? Reason) : ICommand<AdminStarted>
{
    /// <summary>The command in words, as the audit and the stored definition's source name it.</summary>
    public string Source(string hierarchy) => $"dependency {(Remove ? "remove" : "add")} {Parent} {Child} --hierarchy {hierarchy}";
}
