using Mediator;
using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Commands;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Errors;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Definitions;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.HierarchyCreate;

/// <summary>
/// S10: checks a create with <see cref="HierarchyCreateRule"/> on the Exchange data the node reports and what is running — no
/// database, log, SMTP queue or badmail on the system drive; every volume holding them protected, in service on the node and
/// nobody else's; no hierarchy of that name deleted while active on a backup — before anything is recorded, then launches the
/// procedure: the hierarchy recorded on the node, the definition with it (the node at priority 1).
/// </summary>
public sealed class CreateHierarchyHandler(IClusterDefinitionStore definitions, IHierarchyAdministration world, Engine.Administration.RunningStateReader running, AdminProcedureLauncher launcher)
    : ICommandHandler<CreateHierarchyCommand, AdminStarted>
{
    /// <summary>The services a hierarchy protects when the command names none: Exchange 2003's, in start order.</summary>
    public static IReadOnlyList<string> DefaultServices { get; } = ["RESvc", "MSExchangeSA", "MSExchangeIS", "SMTPSVC", "W3SVC"];

    public async ValueTask<AdminStarted> Handle(CreateHierarchyCommand command, CancellationToken cancellationToken) =>
        await ProcedureLauncher.PlanFromCurrentStateAsync(() => StartAsync(command, cancellationToken)).ConfigureAwait(false);

    private async Task<AdminStarted> StartAsync(CreateHierarchyCommand command, CancellationToken cancellationToken)
    {
        var stored = await StoredCluster.ReadAsync(definitions, cancellationToken).ConfigureAwait(false);
        var cluster = stored.Cluster;
        if (cluster.FindHierarchy(command.Hierarchy) is { } existing)
        {
            throw new BadInputException(
                $"hierarchy {existing.Name} already exists (nodes: {string.Join(", ", existing.Priorities.Select(p => p.Node))}); choose another name, or extend it with `orchestrator hierarchy extend {existing.Name} --to NODE`");
        }

        var node = cluster.FindNode(command.Node)?.Name
            ?? throw new BadInputException($"unknown node '{command.Node}'; the cluster {cluster.Name} has: {string.Join(", ", cluster.Nodes.Select(n => n.Name))}");
        var picture = await launcher.TakeAsync(command.Hierarchy, cancellationToken).ConfigureAwait(false);
        var reading = await world.ReadExchangeDataAsync(node, command.Application, cancellationToken).ConfigureAwait(false)
            ?? throw new BadInputException(
                $"{node} does not say where the Exchange data of {command.Application} lives (unknown: the node is down, or {command.Application} is not installed there), "
                + $"so hierarchy {command.Hierarchy} cannot be checked (S10); nothing was created: bring {node} up with {command.Application} in service, then create it again");
        var now = await running.ReadAsync(cancellationToken).ConfigureAwait(false);
        AdminVerdicts.Enforce(HierarchyCreateRule.Check(new HierarchyCreation(command.Hierarchy, node, reading.SystemDrive, reading.Files, reading.Volumes, now)), force: false);

        var services = (command.Services.Count > 0 ? command.Services : DefaultServices).Select(s => new ProtectedService(s, null, SourceLocation.Unknown)).ToList();
        var application = new ApplicationResource(command.Application, services, ApplicationResource.DefaultShares(command.Application), SourceLocation.Unknown);
        var address = command.Address is null ? null : new SwitchableAddress(command.Address, SourceLocation.Unknown);
        var h = new HierarchyDefinition(command.Hierarchy, HierarchyDefinition.ActiveStandby, application, command.Volumes, address, command.Dns,
            [new NodePriority(node, 1, SourceLocation.Unknown)], SourceLocation.Unknown);
        var source = $"hierarchy create {command.Hierarchy} --on {node} --application {command.Application}";
        var yaml = DefinitionEditor.AddHierarchy(stored.Yaml, h);
        StoredCluster.Validate(yaml, source);
        var maxWait = cluster.Settings.MaxWaitSeconds;
        var steps = new[] { new PlannedStep(HierarchyCreateStates.Creating, AdminStepActions.HierarchyCreate, node, command.Hierarchy, maxWait) };
        var launch = new AdminLaunch(HierarchyCreateProcedure.KindName, command.Hierarchy, node, steps, yaml, stored.Version, source, command.Actor,
            command.Reason, [], node, maxWait);
        return await launcher.LaunchAsync(launch, picture, cancellationToken).ConfigureAwait(false);
    }
}
