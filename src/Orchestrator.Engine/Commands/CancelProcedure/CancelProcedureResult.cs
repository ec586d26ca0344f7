using Orchestrator.Engine.Views;

namespace Orchestrator.Engine.Commands.CancelProcedure;

public sealed record CancelProcedureResult(ProcedureView Procedure, IReadOnlyList<string> InServiceOn, IReadOnlyList<string> Resources);
