using Mediator;

namespace Orchestrator.Workflows.Services;

/// <summary>S14: `services list NAME`: the hierarchy's protected services in start order, and what the world says of each on each of its nodes.</summary>
public sealed record ListServicesQuery(string Hierarchy) : IQuery<ServiceListView>;
