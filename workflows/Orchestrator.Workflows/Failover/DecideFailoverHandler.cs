using Mediator;

namespace Orchestrator.Workflows.Failover;

/// <summary>Handles <see cref="DecideFailoverCommand"/> with <see cref="FailoverStarter.DecideAsync"/>.</summary>
public sealed class DecideFailoverHandler(FailoverStarter starter) : ICommandHandler<DecideFailoverCommand, FailoverDecided>
{
    public async ValueTask<FailoverDecided> Handle(DecideFailoverCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return await starter.DecideAsync(command.Request, command.Request.Round, cancellationToken).ConfigureAwait(false);
    }
}
