namespace Orchestrator.Node.Agent;

/// <summary>
/// The HTTP routes of a node's agent (<c>orchestrator agent</c>). Every request carries
/// <c>Authorization: Bearer TOKEN</c>; JSON bodies in camelCase (System.Text.Json web defaults).
/// </summary>
public static class AgentRoutes
{
    /// <summary>POST <see cref="AgentActionRequest"/> → 200 <see cref="AgentActionResponse"/> (409 when stale, 401 without the token).</summary>
    public const string Actions = "/v1/actions";

    /// <summary>GET → 200 <see cref="AgentHealth"/>: the node's liveness, answered on every address the agent listens on (one per communication path).</summary>
    public const string Health = "/v1/health";

    /// <summary>GET → 200 <see cref="AgentLedgerEntry"/>[]: the agent's ledger (every effect key, its applies and replays).</summary>
    public const string Ledger = "/v1/ledger";
}
