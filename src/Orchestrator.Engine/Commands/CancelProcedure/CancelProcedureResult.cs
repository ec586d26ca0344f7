using Orchestrator.Engine.Views;

namespace Orchestrator.Engine.Commands.CancelProcedure;

/// <summary>
/// The cancelled procedure, where its hierarchy is in service, one line per resource, and whether it has ended
/// (<paramref name="Settled"/>; false while it is still Cancelling). <paramref name="DrainedStep"/> names the step that
/// was running when the cancel came ("step 7 (service.start … on node2)"); null when none ran.
/// </summary>
public sealed record CancelProcedureResult(ProcedureView Procedure, IReadOnlyList<string> InServiceOn, IReadOnlyList<string> Resources, bool Settled, string? DrainedStep);
