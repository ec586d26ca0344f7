using Mediator;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.RemoveProtection;

/// <summary>S17: `hierarchy remove-protection NAME`: who asked and why.</summary>
public sealed record RemoveProtectionCommand(string Hierarchy, string Actor, string? Reason) : ICommand<AdminStarted>
{
    /// <summary>The command in words, as the audit and the stored definition's source name it.</summary>
    public string Source => $"hierarchy remove-protection {Hierarchy}";
}
