using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Agent;

/// <summary>
/// Every route needs <c>Authorization: Bearer TOKEN</c> with the agent's token (401 otherwise). The comparison is in
/// constant time over the tokens' SHA-256 digests, so neither the content nor the length leaks; the presented value is
/// never logged.
/// </summary>
internal sealed class BearerTokenMiddleware(RequestDelegate next, AgentOptions options, ILogger<BearerTokenMiddleware> logger)
{
    private const string Scheme = "Bearer ";

    private readonly byte[]? _expected = options.Token is { } token ? SHA256.HashData(Encoding.UTF8.GetBytes(token)) : null;

    public async Task InvokeAsync(HttpContext context)
    {
        if (_expected is null || Presented(context) is { } presented && CryptographicOperations.FixedTimeEquals(presented, _expected))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        logger.LogWarning("Refused {Method} {Path} from {Remote}: no valid bearer token", context.Request.Method, context.Request.Path.Value, context.Connection.RemoteIpAddress?.ToString());
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await context.Response.WriteAsync("the agent needs Authorization: Bearer TOKEN (the token in the agent's --token-file)\n", context.RequestAborted).ConfigureAwait(false);
    }

    private static byte[]? Presented(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            ? SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()))
            : null;
    }
}
