using Orchestrator.Engine.Procedures;

namespace Orchestrator.Engine.Steps;

/// <summary>All registered step actions by name; two with one name fail its construction, naming both types.</summary>
public sealed class StepActionCatalog(IEnumerable<IStepAction> actions)
{
    private readonly Dictionary<string, IStepAction> _byName = UniqueNames.Index(actions, a => a.Action, "step action", StringComparer.Ordinal);

    public IStepAction Get(string action) =>
        _byName.TryGetValue(action, out var a) ? a : throw new InvalidOperationException($"no step action named '{action}' is registered");

    public string Describe(string action, string node, string target) =>
        _byName.TryGetValue(action, out var a) ? a.Describe(node, target) : $"{action} {target} on {node}";
}
