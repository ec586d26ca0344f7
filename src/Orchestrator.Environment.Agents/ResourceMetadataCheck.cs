using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Validation;
using Orchestrator.Environment.Ports;
using Orchestrator.Node;
using Orchestrator.Node.Kinds;
using Orchestrator.Node.Ocf;

namespace Orchestrator.Environment.Agents;

/// <summary>
/// Issue 14: an agents cluster's real resources (ip, volume, service, DNS record, each script with its 'params') checked,
/// on <c>cluster validate</c>/<c>apply</c>, against their kind's meta-data: the exact parameters an agent would receive
/// (<see cref="AgentResources"/>), through <see cref="NodeResourceKinds.ValidateAsync"/> on this host (a script's agent
/// is run with <c>meta-data</c>, bounded by a timeout). A missing required parameter, an unknown one, a value not of its
/// type is an error at the resource's line (or the offending key's); meta-data that cannot be had here (the agent is not
/// installed on this host, times out, does not parse) is missing evidence: a warning "not validated", never an error.
/// </summary>
public sealed class ResourceMetadataCheck
{
    /// <summary>How long one agent's <c>meta-data</c> may take (every resource is checked at once).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly NodeResourceKinds _kinds;
    private readonly TimeSpan _timeout;

    public ResourceMetadataCheck(NodeKindOptions? options = null, TimeSpan? timeout = null)
    {
        _kinds = NodeResourceKinds.Create(options ?? new NodeKindOptions());
        _timeout = timeout ?? DefaultTimeout;
    }

    /// <summary>The errors and warnings of <paramref name="cluster"/>'s real resources; empty for a simulated cluster.</summary>
    public async Task<IReadOnlyList<ValidationError>> CheckAsync(ClusterDefinition cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (cluster.Environment != ClusterEnvironment.Agents)
        {
            return [];
        }

        var checks = Resources(cluster).Select(r => CheckAsync(r, cancellationToken));
        var found = await Task.WhenAll(checks).ConfigureAwait(false);
        return [.. found.SelectMany(f => f).Distinct()];
    }

    private async Task<IReadOnlyList<ValidationError>> CheckAsync(Checked resource, CancellationToken cancellationToken)
    {
        var problems = await _kinds.ValidateAsync(resource.Spec, _timeout, cancellationToken).ConfigureAwait(false);
        return [.. problems.Select(p => ToError(resource, p))];
    }

    /// <summary>One problem as the file's error (or warning) at the resource's line, or at the key of the parameter it names.</summary>
    private static ValidationError ToError(Checked resource, OcfParameterProblem problem)
    {
        var real = resource.Real;
        var agent = real.Script ?? real.Kind;
        var where = real.Script is null ? resource.What : $"'params' of {resource.What}";
        var said = problem.Message.EndsWith(": add it", StringComparison.Ordinal) ? problem.Message[..^": add it".Length] : problem.Message; // the fix says how
        return problem.Kind switch
        {
            OcfProblemKind.NoMetadata => new ValidationError(real.Location, $"{Capital(resource.What)} ({agent}): not validated: {problem.Message}.",
                $"Install {agent} on this host (Debian: apt-get install resource-agents) to have its parameters checked against its meta-data; the node's agent runs it either way.")
            {
                Severity = ValidationSeverity.Warning,
            },
            OcfProblemKind.MissingRequired => new ValidationError(real.Location, $"{Capital(resource.What)}: {said}.",
                $"Add '{problem.Parameter}: <value>' to {where} ('{agent}' declares it required in its meta-data)."),
            OcfProblemKind.Unknown => new ValidationError(real.ParameterLocations.GetValueOrDefault(problem.Parameter, real.Location), $"{Capital(resource.What)}: {said}.",
                $"Remove '{problem.Parameter}' from {where}, or correct its name to one {agent} declares."),
            _ => new ValidationError(real.ParameterLocations.GetValueOrDefault(problem.Parameter, real.Location), $"{Capital(resource.What)}: {said}.",
                $"Write '{problem.Parameter}' as its type says in {agent}'s meta-data."),
        };
    }

    /// <summary>Every real resource of the cluster with the spec its agent would receive (the same resource's specs may repeat: one per node of a DNS record).</summary>
    private static IEnumerable<Checked> Resources(ClusterDefinition cluster)
    {
        foreach (var h in cluster.Hierarchies)
        {
            if (h.Address is { Real: { } ip } address)
            {
                yield return new Checked($"the ip {address.Address} of hierarchy '{h.Name}'", ip, AgentResources.Address(cluster, address.Address));
            }

            foreach (var volume in h.Volumes.Where(v => v.Real is not null))
            {
                yield return new Checked($"volume '{volume.Name}' of hierarchy '{h.Name}'", volume.Real!, AgentResources.Volume(cluster, volume.Name));
            }

            foreach (var service in h.Application.Services.Where(s => s.Real is not null))
            {
                yield return new Checked($"service '{service.Name}' of hierarchy '{h.Name}'", service.Real!, AgentResources.Service(cluster, h.PrimaryNode, service.Name));
            }

            foreach (var record in h.Dns.Where(r => r.Real is not null))
            {
                foreach (var node in h.Priorities.Select(p => cluster.FindNode(p.Node)).OfType<NodeDefinition>())
                {
                    yield return new Checked($"DNS record {record.Type} {record.Name} of hierarchy '{h.Name}'", record.Real!,
                        AgentResources.Dns(cluster, new DnsRecordName(record.Type, record.Name), node));
                }
            }
        }
    }

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>A resource of the file: how to name it, what the file wrote, and what its agent would receive.</summary>
    private sealed record Checked(string What, RealResource Real, ResourceSpec Spec);
}
