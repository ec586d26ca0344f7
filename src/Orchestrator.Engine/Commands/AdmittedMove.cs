using Orchestrator.Domain.Rules;

namespace Orchestrator.Engine.Commands;

/// <summary>A move's target, spelled as the definition spells it, and the admission rule's verdict on moving there.</summary>
public sealed record AdmittedMove(string Target, MoveVerdict Verdict);
