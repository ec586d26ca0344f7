using System.Reflection;
using Orchestrator.Node;

namespace Orchestrator.Agent;

/// <summary>The resource kinds an agent hosts, by name (<see cref="IResourceKind.Kind"/>, lower case).</summary>
public sealed class ResourceKindCatalog
{
    private readonly Dictionary<string, IResourceKind> _kinds;

    public ResourceKindCatalog(IEnumerable<IResourceKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        _kinds = new Dictionary<string, IResourceKind>(StringComparer.Ordinal);
        foreach (var kind in kinds)
        {
            if (!_kinds.TryAdd(kind.Kind, kind))
            {
                throw new AgentConfigurationException($"two resource kinds are named '{kind.Kind}' ({_kinds[kind.Kind].GetType().Name} and {kind.GetType().Name})");
            }
        }
    }

    /// <summary>The kinds' names, sorted (for the answer to an unknown kind).</summary>
    public IReadOnlyList<string> Names => [.. _kinds.Keys.Order(StringComparer.Ordinal)];

    public bool TryGet(string kind, out IResourceKind resourceKind) => _kinds.TryGetValue(kind, out resourceKind!);

    /// <summary>
    /// Every public, concrete <see cref="IResourceKind"/> of <paramref name="assembly"/> that has a public parameterless
    /// constructor: the built-in kinds of Orchestrator.Node, found as they are added.
    /// </summary>
    public static IReadOnlyList<IResourceKind> Discover(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        Type?[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types; // a type whose dependencies are not here is not a kind this process can host
        }

        return [.. types
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IResourceKind).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t!.FullName, StringComparer.Ordinal)
            .Select(t => (IResourceKind)Activator.CreateInstance(t!)!)];
    }
}
