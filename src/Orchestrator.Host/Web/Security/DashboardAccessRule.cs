using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orchestrator.Engine.Errors;

namespace Orchestrator.Host.Web.Security;

/// <summary>
/// The one rule of the dashboard's security, used by the page middleware and by the Hangfire Dashboard's
/// authorization filter alike:
/// <list type="bullet">
/// <item>bound to a loopback address with no credentials: open (to this machine only);</item>
/// <item>bound to any other address with no credentials: refused at start-up (<see cref="EnsureMayStart"/>);</item>
/// <item>credentials configured: every request needs HTTP Basic (user and password) or <c>Authorization: Bearer TOKEN</c>.</item>
/// </list>
/// Secrets are compared in constant time and never logged; a verified Basic credential is remembered (as a keyed hash)
/// so the deliberately slow password hash runs once per credential, not once per request; the hashes of credentials not
/// yet verified are limited per client and in all by <see cref="PasswordAttemptLimiter"/> (429 past the limit).
/// </summary>
public sealed class DashboardAccessRule(ListenAddress listen, DashboardCredentialStore store, PasswordAttemptLimiter attempts, ILogger<DashboardAccessRule> logger)
{
    public const string Realm = "orchestrator";

    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, DashboardCredentials> _verified = new(StringComparer.Ordinal);
    private int _warnedUnreadable;

    public ListenAddress Listen { get; } = listen;

    /// <summary>Refuses to serve a non-loopback address without credentials, saying how to set them (the CLI exits 2).</summary>
    public static void EnsureMayStart(ListenAddress listen, DashboardCredentialStore store)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(store);
        var credentials = store.Load(); // a damaged file is refused here, with how to fix it
        if (!listen.IsLoopback && credentials is null)
        {
            throw new BadInputException(
                $"the dashboard would listen on {listen}, which other machines can reach, but no dashboard credentials are set; "
                + $"{store.HowToSet}, then start serve again (or listen on 127.0.0.1, or pass --no-dashboard)");
        }
    }

    /// <summary>Whether this request may be served.</summary>
    public async ValueTask<AccessVerdict> DecideAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var credentials = store.Current(out var unreadable);
        if (unreadable)
        {
            if (Interlocked.Exchange(ref _warnedUnreadable, 1) == 0)
            {
                logger.LogWarning("Dashboard credentials in {File} cannot be read; every request is refused until they are set again", store.FilePath);
            }

            return AccessVerdict.Of(AccessDecision.Unauthenticated);
        }

        _warnedUnreadable = 0;
        if (credentials is null)
        {
            if (!Listen.IsLoopback)
            {
                return AccessVerdict.Of(AccessDecision.Forbidden);
            }

            return AccessVerdict.Of(IsLoopbackHost(context.Request.Host.Host) ? AccessDecision.Allowed : AccessDecision.Forbidden);
        }

        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return await AuthenticateAsync(context.Request.Headers.Authorization.ToString(), credentials, client, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes the answer for a request that was not allowed: 401 with a Basic challenge, 403, or 429 with Retry-After.</summary>
    public static void Refuse(HttpResponse response, AccessVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = verdict.Decision switch
        {
            AccessDecision.Forbidden => StatusCodes.Status403Forbidden,
            AccessDecision.TooManyAttempts => StatusCodes.Status429TooManyRequests,
            _ => StatusCodes.Status401Unauthorized,
        };
        if (verdict.Decision == AccessDecision.Unauthenticated)
        {
            response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\", charset=\"UTF-8\"";
        }
        else if (verdict.Decision == AccessDecision.TooManyAttempts)
        {
            response.Headers.RetryAfter = ((long)Math.Ceiling(Math.Max(1, verdict.RetryAfter.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private async ValueTask<AccessVerdict> AuthenticateAsync(string header, DashboardCredentials credentials, string client, CancellationToken cancellationToken)
    {
        var allowed = AccessVerdict.Of(AccessDecision.Allowed);
        var refused = AccessVerdict.Of(AccessDecision.Unauthenticated);
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return SecretHasher.TokenMatches(credentials, header["Bearer ".Length..].Trim()) ? allowed : refused; // one SHA-256: cheap
        }

        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return refused;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return refused;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !credentials.HasPassword)
        {
            return refused;
        }

        var key = Convert.ToBase64String(HMACSHA256.HashData(_cacheKey, Encoding.UTF8.GetBytes(decoded)));
        if (_verified.TryGetValue(key, out var verifiedAgainst) && ReferenceEquals(verifiedAgainst, credentials))
        {
            return allowed;
        }

        var (matches, retryAfter) = await attempts.CheckAsync(
            client, () => SecretHasher.PasswordMatches(credentials, decoded[..colon], decoded[(colon + 1)..]), cancellationToken).ConfigureAwait(false);
        if (matches is null)
        {
            return new AccessVerdict(AccessDecision.TooManyAttempts, retryAfter);
        }

        if (matches == false)
        {
            return refused;
        }

        if (_verified.Count > 1000)
        {
            _verified.Clear();
        }

        _verified[key] = credentials;
        return allowed;
    }

    /// <summary>Host names a browser on this machine uses for a loopback dashboard.</summary>
    private static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
