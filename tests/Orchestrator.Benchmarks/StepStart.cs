namespace Orchestrator.Benchmarks;

/// <summary>One "Procedure P step S: ... (attempt A)" line of a runner's log: the start of a step's action, at the log's time.</summary>
internal sealed record StepStart(long ProcedureId, int Seq, int Attempt, DateTimeOffset At);
