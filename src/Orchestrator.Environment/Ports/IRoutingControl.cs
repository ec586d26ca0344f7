namespace Orchestrator.Environment.Ports;

/// <summary>S23: routing groups and the public-folder owner list.</summary>
public interface IRoutingControl
{
    Task<string?> RoutingGroupOfAsync(string server, CancellationToken cancellationToken);

    /// <summary>The routing group the server was set up in (what a failback restores).</summary>
    Task<string?> OriginalRoutingGroupOfAsync(string server, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> PublicFolderOwnersAsync(CancellationToken cancellationToken);

    /// <summary>Moves the server into the routing group and updates its routing-group and SMTP connectors (ensure semantics).</summary>
    Task EnsureRoutingGroupAsync(string server, string group, EffectKey key, CancellationToken cancellationToken);
}
