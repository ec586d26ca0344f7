namespace Orchestrator.Host.Web.Diagram;

/// <summary>One transition of a procedure's machine: from, to, its trigger and guard; <see cref="Taken"/> when this procedure went that way.</summary>
public sealed record DiagramTransition(string From, string To, string Trigger, string? Guard, bool Taken);
