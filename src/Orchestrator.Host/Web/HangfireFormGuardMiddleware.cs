using Microsoft.AspNetCore.Http;
using Orchestrator.Host.Web.Endpoints;

namespace Orchestrator.Host.Web;

/// <summary>
/// Every POST the Hangfire Dashboard answers (its stats polling, say) reads a form: one without a form body is answered
/// 415 here, before Hangfire would fail reading it (a 500 and a warning in the log on every such request).
/// </summary>
public sealed class HangfireFormGuardMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/hangfire") && !context.Request.HasFormContentType)
        {
            return Respond.ErrorAsync(context, StatusCodes.Status415UnsupportedMediaType,
                "the Hangfire Dashboard's POSTs take a form: send Content-Type application/x-www-form-urlencoded (or multipart/form-data)");
        }

        return next(context);
    }
}
