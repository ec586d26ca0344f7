using Mediator;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Engine.Commands.AcknowledgeProcedure;

/// <summary>Records the acknowledgement as an audit row; the admission rule's anti-flapping reads it back (it lifts the block on the failover's failed node).</summary>
public sealed class AcknowledgeProcedureHandler(OperatorCommandSupport support, IAuditJournal audit, TimeProvider time)
    : ICommandHandler<AcknowledgeProcedureCommand, string>
{
    public const string Trigger = "Acknowledge";

    public async ValueTask<string> Handle(AcknowledgeProcedureCommand command, CancellationToken cancellationToken)
    {
        var (procedure, _) = await support.LoadAsync(command.Id, cancellationToken).ConfigureAwait(false);
        var lifted = procedure.SourceNode is { } failed
            ? $"automatic moves of {procedure.Hierarchy} back onto {failed} are no longer blocked by anti-flapping"
            : $"no automatic move of {procedure.Hierarchy} is blocked by it any more";
        var reason = $"{command.Actor} acknowledged {procedure.Kind} #{procedure.Id} of {procedure.Hierarchy}; {lifted}";
        await audit.AppendAsync(new NewAuditEntry(time.GetUtcNow(), procedure.Id, procedure.Kind, procedure.Hierarchy, procedure.State, procedure.State, Trigger, command.Actor, reason), cancellationToken).ConfigureAwait(false);
        return reason;
    }
}
