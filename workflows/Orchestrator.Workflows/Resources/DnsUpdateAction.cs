using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

/// <summary>S21: points a DNS record at the node; the step target is "TYPE name", e.g. "A mail.example.com".</summary>
public sealed class DnsUpdateAction(IDnsControl dns) : IStepAction
{
    public string Action => StepActions.DnsUpdate;

    public string Describe(string node, string target) => $"point DNS {target} at {node}";

    public Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        var parts = execution.Step.Target.Split(' ', 2);
        return dns.EnsureRecordAsync(parts[0], parts[1], execution.Step.Node, execution.Key, cancellationToken);
    }
}
