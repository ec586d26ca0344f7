using Mediator;
using Orchestrator.Domain.Administration;
using Orchestrator.Engine.Definitions;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.Dependency;

/// <summary>
/// S5: checks a dependency change with <see cref="DependencyRule"/> on the hierarchy's <see cref="ResourceTree"/> (unknown
/// resource, a resource under itself, a cycle, an orphan: refused, bad input, nothing recorded), then launches a
/// <see cref="DependencyChangeProcedure"/> carrying the definition edited by <see cref="DefinitionEditor"/>.
/// </summary>
public sealed class ChangeDependencyHandler(AdminCommandSupport admin) : ICommandHandler<ChangeDependencyCommand, AdminStarted>
{
    public async ValueTask<AdminStarted> Handle(ChangeDependencyCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return await admin.LaunchJudgedOnDefinitionAsync(
            new AdminRequest(DependencyChangeProcedure.KindName, command.Actor, command.Reason),
            stored => DependencyHierarchy.Find(stored.Cluster, command.Parent, command.Child, command.Hierarchy),
            h => command.Remove
                ? DependencyRule.Remove(ResourceTree.Of(h), command.Parent, command.Child)
                : DependencyRule.Add(ResourceTree.Of(h), command.Parent, command.Child),
            (stored, h) => new AdminEdit(command.Source(h.Name), command.Remove
                ? DefinitionEditor.RemoveDependency(stored.Yaml, h.Name, command.Parent, command.Child)
                : DefinitionEditor.AddDependency(stored.Yaml, h.Name, command.Parent, command.Child)),
            (_, _, _) => [],
            cancellationToken).ConfigureAwait(false);
    }
}
