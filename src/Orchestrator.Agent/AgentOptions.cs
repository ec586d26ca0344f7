using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Orchestrator.Node;

namespace Orchestrator.Agent;

/// <summary>How one agent runs: its node, where it listens, its token, its data directory and the kinds it hosts.</summary>
public sealed class AgentOptions
{
    public required string Node { get; init; }

    /// <summary>One address per communication path (port 0 picks a free one).</summary>
    public required IReadOnlyList<IPEndPoint> Listen { get; init; }

    /// <summary>The shared token every request must carry (<c>Authorization: Bearer</c>); null only on loopback (<see cref="AgentAccessRule"/>).</summary>
    public string? Token { get; init; }

    /// <summary>HTTPS with this certificate (with its private key); HTTP when null.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Where the ledger (agent.db) lives.</summary>
    public required string DataDirectory { get; init; }

    public required IReadOnlyList<IResourceKind> Kinds { get; init; }

    public required ILoggerFactory LoggerFactory { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
