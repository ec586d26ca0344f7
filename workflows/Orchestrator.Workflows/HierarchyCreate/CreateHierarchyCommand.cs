using Mediator;
using Orchestrator.Domain.Cluster;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.HierarchyCreate;

/// <summary>
/// S10: create hierarchy <paramref name="Hierarchy"/> on <paramref name="Node"/> for application <paramref name="Application"/>,
/// with its volumes (name and role), switchable address, DNS records and protected services in start order (none given: the
/// Exchange 2003 set, <see cref="CreateHierarchyHandler.DefaultServices"/>).
/// </summary>
public sealed record CreateHierarchyCommand(
    string Hierarchy,
    string Node,
    string Application,
    IReadOnlyList<VolumeResource> Volumes,
    string? Address,
    IReadOnlyList<DnsRecord> Dns,
    IReadOnlyList<string> Services,
    string Actor,
    string? Reason) : ICommand<AdminStarted>;
