namespace Orchestrator.Engine.Steps;

/// <summary>
/// Thrown by a step that waits for something (a mirror to reach mirroring, a scheduled time): the engine persists the
/// wait — the step is ready again not before <see cref="RetryAfter"/> from now — and spends no attempt. The step's
/// MAXWAIT still bounds the wait.
/// </summary>
public sealed class StepNotReadyException(string waitingFor, TimeSpan retryAfter) : Exception(waitingFor)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
