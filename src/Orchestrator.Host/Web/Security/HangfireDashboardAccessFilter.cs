using Hangfire.Dashboard;

namespace Orchestrator.Host.Web.Security;

/// <summary>
/// The Hangfire Dashboard's authorization: the verdict of the same <see cref="DashboardAccessRule"/> as every other page,
/// left by <see cref="DashboardAuthenticationMiddleware"/> (which runs first); without one, the request is refused.
/// </summary>
public sealed class HangfireDashboardAccessFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        if (http.Items.TryGetValue(AccessVerdict.ItemKey, out var item) && item is AccessVerdict { Decision: AccessDecision.Allowed })
        {
            return true;
        }

        DashboardAccessRule.Refuse(http.Response, AccessVerdict.Of(AccessDecision.Unauthenticated)); // the challenge header; Hangfire sets the status
        return false;
    }
}
