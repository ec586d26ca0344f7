using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orchestrator.Engine.Errors;
using Orchestrator.Host.Web.Endpoints;

namespace Orchestrator.Host.Web;

/// <summary>
/// The outermost layer of every request: safe headers on every answer, a malformed request answered 400 with what to
/// fix, anything else 500 with a note in the log (never the request's headers, so no credential is ever logged).
/// </summary>
public sealed class DashboardErrorMiddleware(RequestDelegate next, ILogger<DashboardErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebInputException or BadInputException && !context.Response.HasStarted)
        {
            await Respond.ErrorAsync(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
        {
            logger.LogWarning("Dashboard request {Method} {Path} failed: {Error}", context.Request.Method, context.Request.Path.Value, e.Message);
            await Respond.ErrorAsync(context, StatusCodes.Status500InternalServerError,
                "the dashboard could not read this; the orchestrator's log file says why (logs/ in the data directory)").ConfigureAwait(false);
        }
    }
}
