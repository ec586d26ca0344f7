namespace Orchestrator.Engine.Steps;

/// <summary>S8: a resource did not reach its wanted state within MAXWAIT.</summary>
public sealed class MaxWaitExceededException(string message) : Exception(message);
