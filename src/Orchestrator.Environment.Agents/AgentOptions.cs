namespace Orchestrator.Environment.Agents;

/// <summary>How long the orchestrator waits for the agents and the fence scripts.</summary>
public sealed class AgentOptions
{
    /// <summary>The longest an agent may take to answer /v1/health on one URL before that path counts as not answering.</summary>
    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest a resource action may run on the agent (sent as its timeout; the request waits a little longer).</summary>
    public TimeSpan ActionTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How much longer than an action's own timeout the orchestrator waits for the agent's answer before trying the next URL.</summary>
    public TimeSpan AnswerMargin { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest a monitor action may run on the agent.</summary>
    public TimeSpan MonitorTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest a node's fence script may run; it is killed after that and the fencing fails (retried).</summary>
    public TimeSpan FenceTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
