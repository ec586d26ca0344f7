using Orchestrator.Engine.Views;

namespace Orchestrator.Engine.Commands.CancelProcedure;

/// <summary>The cancelled procedure, where its hierarchy is in service, one line per resource, and whether every running step had reported back.</summary>
public sealed record CancelProcedureResult(ProcedureView Procedure, IReadOnlyList<string> InServiceOn, IReadOnlyList<string> Resources, bool Settled);
