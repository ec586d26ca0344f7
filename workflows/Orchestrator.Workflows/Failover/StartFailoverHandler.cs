using Mediator;

namespace Orchestrator.Workflows.Failover;

/// <summary>
/// Chooses the target with the Domain's rules (priority, cascading, and for each candidate the admission every move obeys: N+1, mirrors, anti-flapping), records the decision
/// with its evidence, and launches the failover — on hold when automatic failover is disabled (S19) — in one go
/// (<see cref="FailoverStarter"/>; the monitor uses its two steps apart).
/// </summary>
public sealed class StartFailoverHandler(FailoverStarter starter) : ICommandHandler<StartFailoverCommand, FailoverOutcome>
{
    public async ValueTask<FailoverOutcome> Handle(StartFailoverCommand command, CancellationToken cancellationToken) =>
        await starter.StartAsync(command, cancellationToken).ConfigureAwait(false);
}
