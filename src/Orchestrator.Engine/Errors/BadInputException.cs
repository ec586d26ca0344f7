namespace Orchestrator.Engine.Errors;

/// <summary>A request the operator can fix: names the object and the fix. The CLI exits 2.</summary>
public sealed class BadInputException(string message) : Exception(message);
