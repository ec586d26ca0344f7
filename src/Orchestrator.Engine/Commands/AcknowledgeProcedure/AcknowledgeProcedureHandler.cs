using Mediator;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Engine.Commands.AcknowledgeProcedure;

/// <summary>Records the acknowledgement as an audit row; the monitor's anti-flapping rule reads it back.</summary>
public sealed class AcknowledgeProcedureHandler(OperatorCommandSupport support, IAuditJournal audit, TimeProvider time)
    : ICommandHandler<AcknowledgeProcedureCommand, string>
{
    public const string Trigger = "Acknowledge";

    public async ValueTask<string> Handle(AcknowledgeProcedureCommand command, CancellationToken cancellationToken)
    {
        var (procedure, _) = await support.LoadAsync(command.Id, cancellationToken).ConfigureAwait(false);
        var reason = $"{command.Actor} acknowledged {procedure.Kind} #{procedure.Id} of {procedure.Hierarchy}; automatic failover of {procedure.Hierarchy} is no longer blocked";
        await audit.AppendAsync(new NewAuditEntry(time.GetUtcNow(), procedure.Id, procedure.Kind, procedure.Hierarchy, procedure.State, procedure.State, Trigger, command.Actor, reason), cancellationToken).ConfigureAwait(false);
        return reason;
    }
}
