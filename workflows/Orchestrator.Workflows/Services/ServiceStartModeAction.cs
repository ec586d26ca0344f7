using System.Globalization;
using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Services;

/// <summary>
/// S7/S14/S17: sets one service's start mode on one node through <see cref="IServiceStartModeControl"/>; the step target is
/// "SERVICE MODE" (a service name has no spaces). One effect keyed by the step: a retry changes nothing twice.
/// </summary>
public sealed class ServiceStartModeAction(IServiceStartModeControl startModes) : IStepAction
{
    public string Action => ServicesStepActions.StartMode;

    public static string Target(string service, ServiceStartMode mode) => $"{service} {mode}";

    public string Describe(string node, string target)
    {
        var (service, mode) = Parse(target);
        return $"set service {service} to {mode.ToString().ToLower(CultureInfo.InvariantCulture)} start on {node}";
    }

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var (service, mode) = Parse(execution.Step.Target);
        var changed = await startModes.EnsureStartModeAsync(execution.Step.Node, service, mode, execution.Key, cancellationToken).ConfigureAwait(false);
        execution.Note = changed ? null : $"service {service} already starts {mode.ToString().ToLower(CultureInfo.InvariantCulture)} on {execution.Step.Node}";
    }

    private static (string Service, ServiceStartMode Mode) Parse(string target)
    {
        var parts = target.Split(' ', 2);
        return parts.Length == 2 && Enum.TryParse<ServiceStartMode>(parts[1], ignoreCase: false, out var mode)
            ? (parts[0], mode)
            : throw new EnvironmentException($"step target '{target}' is not 'SERVICE MODE'; cancel the procedure and run the command again", transient: false);
    }
}
