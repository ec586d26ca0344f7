using Microsoft.Extensions.Logging;

namespace Orchestrator.Agent;

/// <summary>Sends the web server's log events to the agent's own logger factory (Serilog in the CLI: DIR/logs, warnings on stderr).</summary>
internal sealed class AgentLoggerProvider(ILoggerFactory target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

    public void Dispose()
    {
        // the caller owns the target factory
    }
}
