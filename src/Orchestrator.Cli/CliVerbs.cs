using System.CommandLine;
using System.Reflection;

namespace Orchestrator.Cli;

/// <summary>
/// The top-level verbs, found by discovery: every static class of <c>Orchestrator.Cli.Commands</c> with a
/// <c>public static Command Create()</c> is one. A procedure's verb is one file in Commands/, nothing else to touch.
/// </summary>
public static class CliVerbs
{
    /// <summary>
    /// The order of <c>--help</c>, as it has always been: what a user meets first, then the procedures, then operations.
    /// A verb not listed is placed before <see cref="NewVerbsBefore"/>, with the other new ones by name.
    /// </summary>
    private static readonly string[] HelpOrder =
        ["demo", "cluster", "status", "switchover", "failover", "failback", "users", "replicas", "update",
         "procedures", "audit", "world", "serve", "agent", "dashboard", "db"];

    private const string NewVerbsBefore = "procedures";

    private const string CommandsNamespace = "Orchestrator.Cli.Commands";

    /// <summary>Every verb of this program, created and in help order.</summary>
    public static IReadOnlyList<Command> Create() =>
        Order(Discover(typeof(CliVerbs).Assembly).Select(m => (m.DeclaringType!.FullName!, (Command)m.Invoke(null, null)!)));

    /// <summary>The factories of the verbs in an assembly: the <c>Create()</c> methods returning a command, by class name.</summary>
    public static IReadOnlyList<MethodInfo> Discover(Assembly assembly) =>
        [.. assembly.GetTypes()
            .Where(t => t is { IsAbstract: true, IsSealed: true, IsNested: false } && t.Namespace == CommandsNamespace)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => t.GetMethod("Create", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes))
            .OfType<MethodInfo>()
            .Where(m => m.ReturnType == typeof(Command))];

    /// <summary>
    /// Help order: the listed verbs as listed, new ones by name before <see cref="NewVerbsBefore"/>. Two verbs of one
    /// name are refused, naming both sources (the classes that made them).
    /// </summary>
    public static IReadOnlyList<Command> Order(IEnumerable<(string Source, Command Command)> verbs)
    {
        var byName = new Dictionary<string, (string Source, Command Command)>(StringComparer.Ordinal);
        foreach (var verb in verbs)
        {
            if (!byName.TryAdd(verb.Command.Name, verb))
            {
                throw new InvalidOperationException($"two commands are named '{verb.Command.Name}': by {byName[verb.Command.Name].Source} and by {verb.Source}; rename one");
            }
        }

        var anchor = Array.IndexOf(HelpOrder, NewVerbsBefore);
        return [.. byName.Values.Select(v => v.Command).OrderBy(c => Rank(c.Name, anchor)).ThenBy(c => c.Name, StringComparer.Ordinal)];
    }

    private static double Rank(string name, int anchor) =>
        Array.IndexOf(HelpOrder, name) is var i and >= 0 ? i : anchor - 0.5;
}
