using Mediator;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.Services;

/// <summary>
/// S14: `services add|remove NAME SERVICE… [--all-nodes]`: <paramref name="Remove"/> says which; <paramref name="Services"/> in
/// the order given (added ones are appended in it).
/// </summary>
public sealed record ChangeServicesCommand(bool Remove, string Hierarchy, IReadOnlyList<string> Services, bool AllNodes, string Actor, string? Reason) : ICommand<AdminStarted>
{
    /// <summary>The command in words, without --all-nodes (the refusal asking for it appends it).</summary>
    public string Words => $"services {(Remove ? "remove" : "add")} {Hierarchy} {string.Join(' ', Services)}";

    /// <summary>The command in words, as the audit and the stored definition's source name it.</summary>
    public string Source => AllNodes ? $"{Words} --all-nodes" : Words;
}
