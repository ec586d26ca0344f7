namespace Orchestrator.Domain.Administration;

/// <summary>S5: a parent/child dependency of a hierarchy: the parent starts after the child and stops before it.</summary>
public sealed record ResourceDependency(string Parent, string Child);
