namespace Orchestrator.Engine.Errors;

/// <summary>An operator command that does not fit the procedure's current state (e.g. retry of a completed procedure).</summary>
public sealed class ProcedureStateException(string message) : Exception(message);
