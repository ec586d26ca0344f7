namespace Orchestrator.Engine.Procedures;

/// <summary>
/// Indexes registered implementations by their name (a procedure kind, a step action), refusing a name two of them
/// claim with a message naming both types: discovery must not let one silently hide the other.
/// </summary>
public static class UniqueNames
{
    public static Dictionary<string, T> Index<T>(IEnumerable<T> items, Func<T, string> name, string what, StringComparer comparer)
        where T : notnull
    {
        var byName = new Dictionary<string, T>(comparer);
        foreach (var item in items)
        {
            if (!byName.TryAdd(name(item), item))
            {
                var first = byName[name(item)];
                throw new InvalidOperationException(
                    $"{what} '{name(item)}' is declared twice: by {first.GetType().FullName} and by {item.GetType().FullName}; rename one");
            }
        }

        return byName;
    }
}
