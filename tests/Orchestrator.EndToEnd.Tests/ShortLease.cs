namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// The claim lease the crash tests run with: a step left running by a killed process is taken over once its lease
/// expires (nothing is released at start-up), so the tests shorten it from the 30 s default.
/// </summary>
internal static class ShortLease
{
    public const string Variable = "ORCHESTRATOR_CLAIM_LEASE_MS";

    public const string Milliseconds = "3000";
}
