using System.CommandLine;

namespace Orchestrator.Cli.Commands;

/// <summary>`--wait`: follow the procedure to its end (running it in this process when no serve runs).</summary>
public static class WaitOption
{
    public static Option<bool> Create() => new("--wait") { Description = "Wait until the procedure completes or needs an operator; runs it here when no `serve` is running" };
}
