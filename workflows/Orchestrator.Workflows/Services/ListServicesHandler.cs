using Mediator;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Definitions;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.Services;

/// <summary>
/// Answers <see cref="ListServicesQuery"/> from the stored definition (the list, in start order), the orchestrator's placement
/// (where it is in service) and the world (each service's state on each node; a node that does not answer, or does not know the
/// service, is "unknown", never "stopped"). A state other than the placement implies (running where the hierarchy is in service,
/// stopped elsewhere) is named among the differences.
/// </summary>
public sealed class ListServicesHandler(IClusterDefinitionStore definitions, IProcedureStore procedures, IServiceControl services) : IQueryHandler<ListServicesQuery, ServiceListView>
{
    public const string Unknown = "unknown";

    public async ValueTask<ServiceListView> Handle(ListServicesQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var stored = await StoredCluster.ReadAsync(definitions, cancellationToken).ConfigureAwait(false);
        var hierarchy = stored.Hierarchy(query.Hierarchy);
        var picture = await procedures.GetPictureAsync(hierarchy.Name, cancellationToken).ConfigureAwait(false);
        var nodes = hierarchy.Priorities.OrderBy(p => p.Priority).Select(p => p.Node).ToList();
        var rows = new List<ServiceRowView>();
        foreach (var (service, i) in hierarchy.Application.Services.Select((s, i) => (s, i)))
        {
            var states = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var node in nodes)
            {
                states[node] = await StateAsync(node, service.Name, cancellationToken).ConfigureAwait(false);
            }

            rows.Add(new ServiceRowView(i + 1, service.Name, service.MaxWaitSeconds, states));
        }

        var differences = rows
            .SelectMany(r => nodes.Select(n => (Row: r, Node: n, Expected: string.Equals(n, picture.PlacedOn, StringComparison.OrdinalIgnoreCase) ? "Running" : "Stopped")))
            .Where(x => !string.Equals(x.Row.States[x.Node], x.Expected, StringComparison.Ordinal))
            .Select(x => $"{x.Row.Name} is {x.Row.States[x.Node]} on {x.Node}, where {hierarchy.Name} is {(x.Expected == "Running" ? "in service" : "not in service")}")
            .ToList();
        return new ServiceListView(hierarchy.Name, picture.PlacedOn, nodes, rows, differences);
    }

    private async Task<string> StateAsync(string node, string service, CancellationToken cancellationToken)
    {
        try
        {
            return (await services.GetStateAsync(node, service, cancellationToken).ConfigureAwait(false)).ToString();
        }
        catch (EnvironmentException)
        {
            return Unknown; // the node does not answer: missing evidence
        }
        catch (ArgumentException)
        {
            return Unknown; // the world does not know the service (or the node) there
        }
    }
}
