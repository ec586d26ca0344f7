using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Definitions;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Workflows.Administration;

/// <summary>
/// Reads back, for a step, what an administration procedure carries in its first audit row (<see cref="AdminProposal"/>) and
/// the next definition it proposes. A procedure without one cannot go on: a failure that retrying does not cure.
/// </summary>
public sealed class ProposalReader(IAuditJournal audit)
{
    public async Task<AdminProposal> ReadAsync(long procedureId, CancellationToken cancellationToken)
    {
        var rows = await audit.ListAsync(new AuditQuery(ProcedureId: procedureId, Limit: 10_000), cancellationToken).ConfigureAwait(false);
        var requested = rows.OrderBy(r => r.Id).FirstOrDefault(r => r.TriggerName == "Requested");
        return AdminProposal.Parse(requested?.Data)
            ?? throw new EnvironmentException($"procedure #{procedureId} carries no proposed definition in its first audit row; cancel it and run the command again", transient: false);
    }

    /// <summary>The proposal and the definition it proposes, parsed.</summary>
    public async Task<(AdminProposal Proposal, ClusterDefinition Next)> ReadNextAsync(long procedureId, CancellationToken cancellationToken)
    {
        var proposal = await ReadAsync(procedureId, cancellationToken).ConfigureAwait(false);
        var parsed = ClusterDefinitionParser.Parse(proposal.Yaml);
        var next = parsed.Definition
            ?? throw new EnvironmentException($"the definition procedure #{procedureId} carries no longer parses ({parsed.Errors[0].Message}); cancel it and run the command again", transient: false);
        return (proposal, next);
    }

    /// <summary>The hierarchy the procedure works on, as the proposed definition has it (a refusal that retrying does not cure when absent).</summary>
    public async Task<HierarchyDefinition> HierarchyAsync(long procedureId, string hierarchy, CancellationToken cancellationToken)
    {
        var (_, next) = await ReadNextAsync(procedureId, cancellationToken).ConfigureAwait(false);
        return next.FindHierarchy(hierarchy)
            ?? throw new EnvironmentException($"the definition procedure #{procedureId} carries has no hierarchy {hierarchy}; cancel it and run the command again", transient: false);
    }
}
