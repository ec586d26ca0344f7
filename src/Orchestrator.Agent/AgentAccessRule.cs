using System.Net;

namespace Orchestrator.Agent;

/// <summary>
/// Whether the agent may listen where it is asked to: with a token anywhere; without one only when every address is
/// loopback (reachable from this machine alone), and then with a warning. Pure.
/// </summary>
public static class AgentAccessRule
{
    /// <summary>Null when the agent may start; otherwise why not, with the fix.</summary>
    public static string? Refusal(IReadOnlyList<IPEndPoint> listen, bool hasToken)
    {
        ArgumentNullException.ThrowIfNull(listen);
        if (listen.Count == 0)
        {
            return "give at least one --listen ADDR:PORT (one per communication path's address)";
        }

        if (hasToken)
        {
            return null;
        }

        var open = listen.Where(e => !IPAddress.IsLoopback(e.Address)).Select(e => e.ToString()).ToList();
        return open.Count == 0
            ? null
            : $"the agent would listen on {string.Join(", ", open)} without a token: give --token-file FILE (one line, the shared token; chmod 600 FILE), or listen on loopback only";
    }

    /// <summary>The warning when the agent runs without a token (loopback only), else null.</summary>
    public static string? Warning(bool hasToken) =>
        hasToken ? null : "no --token-file: the agent answers anyone on this machine (loopback only); give --token-file FILE before listening on a node's addresses";
}
