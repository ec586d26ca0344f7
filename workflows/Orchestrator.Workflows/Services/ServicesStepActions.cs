namespace Orchestrator.Workflows.Services;

/// <summary>The names of the step actions of the services procedures stored in step rows (issue 16).</summary>
public static class ServicesStepActions
{
    /// <summary>Set a service's start mode on a node; the step target is "SERVICE MODE", e.g. "IMAP4Svc Manual".</summary>
    public const string StartMode = "service.start-mode";
}
