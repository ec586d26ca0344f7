using Hangfire;

namespace Orchestrator.Engine.Execution;

/// <summary>
/// The Hangfire job of one step. Reentrant: it claims the step first and does nothing if the step is
/// not runnable. Infrastructure failures (database busy…) are retried by Hangfire.
/// </summary>
public sealed class StepJob(ProcedureRunner runner)
{
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [1, 2, 4, 8, 16])]
    [JobDisplayName("procedure #{0} step {1}")]
    public Task RunAsync(long procedureId, int seq, CancellationToken cancellationToken) =>
        runner.RunAsync(procedureId, seq, cancellationToken);
}
