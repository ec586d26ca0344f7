using Microsoft.Extensions.Logging;

namespace Orchestrator.Host.Web;

/// <summary>Sends the web server's log events to the orchestrator's own logger factory (Serilog: the log file, warnings on stderr).</summary>
public sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

    public void Dispose()
    {
        // the orchestrator owns the target factory
    }
}
