using Orchestrator.Environment.World;
using Spectre.Console;

namespace Orchestrator.Cli.Output;

/// <summary>`world show`'s lines for hierarchy administration (S10, S11): each node's database names and the hierarchies deleted on a backup.</summary>
public static class WorldAdministrationOutput
{
    public static void Write(WorldSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        foreach (var s in snapshot.StoreNames)
        {
            AnsiConsole.MarkupLine(Markup.Escape(
                $"stores of {s.Application} on {s.Node}: storage groups {Quoted(s.StorageGroups)}; mailbox stores {Quoted(s.MailboxStores)}; public stores {Quoted(s.PublicStores)}"));
        }

        foreach (var d in snapshot.DeletedOnBackup)
        {
            AnsiConsole.MarkupLine(Markup.Escape(
                $"hierarchy {d.Hierarchy} was deleted while in service on backup {d.Node}; its users are not back on {d.PrimaryNode} yet"));
        }
    }

    private static string Quoted(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names.Select(n => $"'{n}'"));
}
