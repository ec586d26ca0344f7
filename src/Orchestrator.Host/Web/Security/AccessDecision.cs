namespace Orchestrator.Host.Web.Security;

/// <summary>What <see cref="DashboardAccessRule"/> decides about one request.</summary>
public enum AccessDecision
{
    /// <summary>Serve it.</summary>
    Allowed,

    /// <summary>401 with a Basic challenge: credentials are configured and the request has none that match.</summary>
    Unauthenticated,

    /// <summary>
    /// 403: the dashboard is open on loopback (no credentials) and the request names another host (a web page trying
    /// DNS rebinding), or it listens on another address and has no credentials to check (they were removed while serving).
    /// </summary>
    Forbidden,

    /// <summary>
    /// 429 with Retry-After: the request's credential would need the slow password hash, and this client (or every client
    /// together) has used up its password checks for now (<see cref="PasswordAttemptLimiter"/>).
    /// </summary>
    TooManyAttempts,
}
