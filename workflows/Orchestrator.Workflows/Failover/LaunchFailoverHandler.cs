using Mediator;

namespace Orchestrator.Workflows.Failover;

/// <summary>Handles <see cref="LaunchFailoverCommand"/> with <see cref="FailoverStarter.LaunchAsync"/>.</summary>
public sealed class LaunchFailoverHandler(FailoverStarter starter) : ICommandHandler<LaunchFailoverCommand, FailoverOutcome>
{
    public async ValueTask<FailoverOutcome> Handle(LaunchFailoverCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return await starter.LaunchAsync(command.Admitted, cancellationToken).ConfigureAwait(false);
    }
}
