namespace Orchestrator.Environment.Ports;

/// <summary>S22: the directory's mailbox users and the server each one is homed on.</summary>
public interface IDirectoryControl
{
    /// <summary>The users homed on <paramref name="server"/>, by name.</summary>
    Task<IReadOnlyList<string>> UsersHomedOnAsync(string server, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the user's mailbox home to <paramref name="server"/> (no-op when it is already homed there), bound to the
    /// directory as <paramref name="account"/> (S15: the directory account set with `credentials set`).
    /// </summary>
    Task EnsureUserHomedAsync(string user, string server, DirectoryAccount account, EffectKey key, CancellationToken cancellationToken);

    /// <summary>The server the user is homed on, or null when the directory has no such user.</summary>
    Task<string?> HomeOfAsync(string user, CancellationToken cancellationToken);

    /// <summary>The user's domain, or null for an unknown user.</summary>
    Task<string?> DomainOfAsync(string user, CancellationToken cancellationToken);
}
