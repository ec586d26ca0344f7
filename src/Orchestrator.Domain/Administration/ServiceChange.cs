namespace Orchestrator.Domain.Administration;

/// <summary>S14: the outcome of <see cref="ServiceListRule"/>: the verdict and the protected services afterwards, in start order (the stored list when refused).</summary>
public sealed record ServiceChange(AdminVerdict Verdict, IReadOnlyList<string> Services);
