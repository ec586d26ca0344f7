using Mediator;
using Orchestrator.Engine.Commands.CancelProcedure;
using Orchestrator.Storage.Holds;

namespace Orchestrator.Workflows.RollingUpdate;

/// <summary>Cancels the newest update of the hierarchy (or the cluster) and releases its switchback hold.</summary>
public sealed class CancelRollingUpdateHandler(RollingUpdates updates, IMediator mediator, ISwitchbackHoldStore holds)
    : ICommandHandler<CancelRollingUpdateCommand, CancelProcedureResult>
{
    public async ValueTask<CancelProcedureResult> Handle(CancelRollingUpdateCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var key = RollingUpdates.KeyOf(command.Hierarchy, command.WholeCluster);
        var update = await updates.LatestAsync(key, cancellationToken).ConfigureAwait(false);
        var result = await mediator.Send(new CancelProcedureCommand(update.Id, command.Actor), cancellationToken).ConfigureAwait(false);
        await holds.ReleaseAsync(key, update.Id, cancellationToken).ConfigureAwait(false);
        return result;
    }
}
