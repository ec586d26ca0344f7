using Orchestrator.Storage.Claims;

namespace Orchestrator.Engine.Execution;

/// <summary>The procedure steps' kind of work: a job runs <see cref="ProcedureRunner"/> from its step on.</summary>
public sealed class StepWorkRunner(ProcedureRunner runner) : IWorkRunner
{
    public string Kind => WorkKinds.Step;

    public Task RunAsync(long ownerId, int seq, CancellationToken cancellationToken) => runner.RunAsync(ownerId, seq, cancellationToken);
}
