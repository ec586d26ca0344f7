using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

/// <summary>S29: installs the package version on the node (its agent stopped); once, however often the step runs.</summary>
public sealed class PackageInstallAction(INodeSoftware software) : IStepAction
{
    public string Action => StepActions.PackageInstall;

    public string Describe(string node, string target) => $"install {target} on {node}";

    public Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken) =>
        software.EnsureInstalledAsync(execution.Step.Node, execution.Step.Target, execution.Key, cancellationToken);

    /// <summary>An operator who installed it by hand may skip it.</summary>
    public bool Skippable => true;
}
