using Hangfire.Dashboard;

namespace Orchestrator.Host.Web.Security;

/// <summary>The Hangfire Dashboard's authorization: the same <see cref="DashboardAccessRule"/> as every other page.</summary>
public sealed class HangfireDashboardAccessFilter(DashboardAccessRule rule) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        var decision = rule.Decide(http);
        if (decision == AccessDecision.Allowed)
        {
            return true;
        }

        if (decision == AccessDecision.Unauthenticated)
        {
            DashboardAccessRule.Refuse(http.Response, decision); // the challenge header; Hangfire sets the status
        }

        return false;
    }
}
