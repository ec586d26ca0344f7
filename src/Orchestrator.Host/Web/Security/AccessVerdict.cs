namespace Orchestrator.Host.Web.Security;

/// <summary>What <see cref="DashboardAccessRule.DecideAsync"/> says about one request, and how long to wait when it is <see cref="AccessDecision.TooManyAttempts"/>.</summary>
public readonly record struct AccessVerdict(AccessDecision Decision, TimeSpan RetryAfter)
{
    /// <summary>Where the authentication middleware leaves the verdict for the Hangfire Dashboard's filter (HttpContext.Items).</summary>
    public static readonly object ItemKey = new();

    public static AccessVerdict Of(AccessDecision decision) => new(decision, TimeSpan.Zero);
}
