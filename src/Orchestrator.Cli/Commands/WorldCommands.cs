using System.CommandLine;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Cli.Output;
using Orchestrator.Engine.Errors;
using Orchestrator.Environment.World;
using Spectre.Console;

namespace Orchestrator.Cli.Commands;

/// <summary>`world ...`: look at the simulated world and inject faults into it.</summary>
public static class WorldCommands
{
    public static Command Create()
    {
        var world = new Command("world", "The simulated world: show it, fail and restore nodes, inject faults and latency");
        world.Subcommands.Add(Show());
        world.Subcommands.Add(OnWorld("fail-node", "Take a node down (it does nothing until restored)", NodeArg(), (w, r, a, ct) => w.FailNodeAsync(r.GetValue(a)!, ct), "node {0} is down"));
        world.Subcommands.Add(OnWorld("restore-node", "Bring a node back up (its services stay stopped)", NodeArg(), (w, r, a, ct) => w.RestoreNodeAsync(r.GetValue(a)!, ct), "node {0} is up"));
        world.Subcommands.Add(ServiceFault("fail-service", "Make a service fail (now, and every start) on a node", (w, n, s, ct) => w.FailServiceAsync(n, s, ct)));
        world.Subcommands.Add(ServiceFault("clear-service", "Let a failed service start again on a node", (w, n, s, ct) => w.ClearServiceFaultAsync(n, s, ct)));
        world.Subcommands.Add(AddUser());
        world.Subcommands.Add(Mirror());
        world.Subcommands.Add(ResyncTime());
        world.Subcommands.Add(FailVerify());
        world.Subcommands.Add(ServiceFault("fail-path", "Cut the communication path between two nodes (S1)", (w, a, b, ct) => w.FailPathAsync(a, b, ct), secondName: "NODE2"));
        world.Subcommands.Add(ServiceFault("restore-path", "Restore the communication path between two nodes", (w, a, b, ct) => w.RestorePathAsync(a, b, ct), secondName: "NODE2"));
        world.Subcommands.Add(ServiceFault("fail-user-move", "Make every move of a mailbox user fail (S22, message 28523)", (w, _, u, ct) => w.FailUserMoveAsync(u, ct), userOnly: true));
        world.Subcommands.Add(FailNext());
        world.Subcommands.Add(Latency());
        world.Subcommands.Add(Hang());
        world.Subcommands.Add(StartDelay());
        world.Subcommands.Add(SeedFolders());
        world.Subcommands.Add(FailFolder());
        world.Subcommands.Add(Folders());
        foreach (var administration in WorldAdministrationCommands.Create())
        {
            world.Subcommands.Add(administration);
        }

        var clear = new Command("clear-faults", "Remove every injected fault, latency and start delay (public folder and verification faults too; the resync time stays)");
        CliAction.Set(clear, (r, ct) => WithFoldersAsync(
            r,
            async (w, f) =>
            {
                await w.ClearFaultsAsync(ct).ConfigureAwait(false);
                await f.ClearFolderFaultsAsync(ct).ConfigureAwait(false);
                return "all faults cleared";
            }));
        world.Subcommands.Add(clear);
        return world;
    }

    private static Argument<string> NodeArg() => new Argument<string>("NODE") { Description = "Node name" }.NameOf("node");

    private static Command Show()
    {
        var command = new Command("show", "Nodes, services, volumes, addresses, DNS and the effect counters");
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            await using var services = CliServices.ForExisting(GlobalOptions.ResolveDataDir(result), result.GetValue(GlobalOptions.LogJson));
            var snapshot = await services.Get<SimulatedWorld>().SnapshotAsync(cancellationToken).ConfigureAwait(false);
            if (result.GetValue(GlobalOptions.Json))
            {
                return JsonOutput.Write(snapshot);
            }

            var table = new Table().Title("world");
            table.AddColumns("node", "state", "running services", "not automatic start (S7)", "shares", "version", "agent", "mirror");
            foreach (var n in snapshot.Nodes)
            {
                table.AddRow(Markup.Escape(n.Name), n.Up ? "up" : "[red]DOWN[/]",
                    Markup.Escape(string.Join(", ", n.Services.Where(s => s.State != Orchestrator.Environment.Ports.ServiceState.Stopped).Select(s => $"{s.Name} ({s.State})"))),
                    Markup.Escape(string.Join(", ", n.Services.Where(s => s.StartMode != Orchestrator.Environment.Ports.ServiceStartMode.Automatic).Select(s => $"{s.Name} ({s.StartMode.ToString().ToLowerInvariant()})"))),
                    Markup.Escape(string.Join(", ", n.Shares)),
                    Markup.Escape(n.Version),
                    n.AgentRunning ? "running" : "[yellow]stopped[/]",
                    n.Mirror switch
                    {
                        Orchestrator.Domain.Rules.MirrorState.None => "none (shared)",
                        Orchestrator.Domain.Rules.MirrorState.Mirroring => "Mirroring",
                        var other => $"[yellow]{other}[/]",
                    });
            }

            AnsiConsole.Write(table);
            foreach (var v in snapshot.Volumes)
            {
                AnsiConsole.MarkupLine($"volume {Markup.Escape(v.Name)}: {Markup.Escape(v.MountedOn ?? "unmounted")}{(v.Unprotected ? " (not protected by a volume resource)" : "")}");
            }

            foreach (var a in snapshot.Addresses)
            {
                AnsiConsole.MarkupLine($"IP {Markup.Escape(a.Address)}: {Markup.Escape(a.Owner ?? "released")}");
            }

            foreach (var h in snapshot.Hierarchies)
            {
                AnsiConsole.MarkupLine($"hierarchy {Markup.Escape(h.Name)} in service on: {Markup.Escape(h.InServiceNodes.Count == 0 ? "no node" : string.Join(", ", h.InServiceNodes))}; nodes: {Markup.Escape(h.Nodes.Count == 0 ? "none" : string.Join(", ", h.Nodes))}");
            }

            WorldAdministrationOutput.Write(snapshot);

            AnsiConsole.MarkupLine($"effects applied: {snapshot.Applied.Values.Sum()}, calls: {snapshot.Calls.Values.Sum()}, replayed: {snapshot.Replayed.Values.Sum()}, failed: {snapshot.Failed.Values.Sum()}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command OnWorld(string name, string description, Argument<string> argument, Func<SimulatedWorld, ParseResult, Argument<string>, CancellationToken, Task> act, string done)
    {
        var command = new Command(name, description) { argument };
        CliAction.Set(command, (r, ct) => WithWorldAsync(r, w => act(w, r, argument, ct), string.Format(System.Globalization.CultureInfo.InvariantCulture, done, r.GetValue(argument))));
        return command;
    }

    private static Command ServiceFault(string name, string description, Func<SimulatedWorld, string, string, CancellationToken, Task> act, bool userOnly = false, string secondName = "SERVICE")
    {
        if (userOnly)
        {
            var user = new Argument<string>("USER") { Description = "Mailbox user name" };
            var forUser = new Command(name, description) { user };
            CliAction.Set(forUser, (r, ct) => WithWorldAsync(r, w => act(w, "", r.GetValue(user)!, ct), $"{name}: {r.GetValue(user)}"));
            return forUser;
        }

        var node = NodeArg();
        var service = new Argument<string>(secondName) { Description = secondName == "SERVICE" ? "Service name" : "The other node" };
        var command = new Command(name, description) { node, service };
        CliAction.Set(command, (r, ct) => WithWorldAsync(r, w => act(w, r.GetValue(node)!, r.GetValue(service)!, ct), $"{name}: {r.GetValue(service)} on {r.GetValue(node)}"));
        return command;
    }

    private static Command AddUser()
    {
        var user = new Argument<string>("USER") { Description = "Mailbox user name" };
        var domain = new Option<string>("--domain") { Description = "The user's domain", Required = true };
        var home = new Option<string>("--home") { Description = "The server (node) the mailbox is homed on", Required = true }.NameOf("node");
        var command = new Command("add-user", "Add a mailbox user homed on a server (S22)") { user, domain, home };
        CliAction.Set(command, (r, ct) => WithWorldAsync(r, w => w.SeedUsersAsync([(r.GetValue(user)!, r.GetValue(domain)!, r.GetValue(home)!)], ct), $"user {r.GetValue(user)} homed on {r.GetValue(home)}"));
        return command;
    }

    private static Command Mirror()
    {
        var node = NodeArg();
        var state = new Argument<Orchestrator.Domain.Rules.MirrorState>("STATE") { Description = "Mirroring, Paused, PartialResync, FullResync or None" };
        var command = new Command("mirror", "Set the state of the mirror to a node (S27, S28)") { node, state };
        CliAction.Set(command, (r, ct) => WithWorldAsync(r, w => w.SetMirrorStateAsync(r.GetValue(node)!, r.GetValue(state), ct), $"mirror to {r.GetValue(node)} is {r.GetValue(state)}"));
        return command;
    }

    private static Command ResyncTime()
    {
        var seconds = new Argument<double>("SECONDS") { Description = "How long the partial resync a mirror resume starts takes; fractions allowed (default 2)" };
        var command = new Command("resync-time", "Set how long a resumed mirror takes to be mirroring again (S27)") { seconds };
        CliAction.Set(command, (r, ct) =>
        {
            var value = r.GetValue(seconds);
            if (value < 0 || double.IsNaN(value) || double.IsInfinity(value))
            {
                throw new BadInputException("give the resync time as a number of seconds, zero or more");
            }

            var text = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return WithWorldAsync(r, w => w.SetResyncTimeAsync(TimeSpan.FromSeconds(value), ct), $"a partial resync now takes {text} s");
        });
        return command;
    }

    private static Command FailVerify()
    {
        var node = NodeArg();
        var times = new Option<int>("--times") { Description = "How many verifications fail (default: every one, until clear-faults)", DefaultValueFactory = _ => -1 };
        var command = new Command("fail-verify", "Make the verification of a node after a software update fail (S29)") { node, times };
        CliAction.Set(command, (r, ct) =>
        {
            var n = r.GetValue(times);
            if (n is 0 or < -1)
            {
                throw new BadInputException("--times takes a positive count (or -1: every verification)");
            }

            return WithWorldAsync(
                r,
                w => w.FailVerifyAsync(r.GetValue(node)!, n, ct),
                n == -1
                    ? $"every verification of {r.GetValue(node)} fails until clear-faults"
                    : $"the next {n} verification(s) of {r.GetValue(node)} will fail");
        });
        return command;
    }

    private static Command FailNext()
    {
        var kind = new Argument<EffectKind>("KIND") { Description = "Effect kind, e.g. ServiceStart, VolumeMount" };
        var target = new Option<string?>("--target") { Description = "Only calls on this target (\"E\" or \"node2/E\")" };
        var count = new Option<int>("--count") { Description = "How many calls fail", DefaultValueFactory = _ => 1 };
        var command = new Command("fail-next", "Fail the next N calls of an effect") { kind, target, count };
        CliAction.Set(command, (r, ct) => WithWorldAsync(r, w => w.FailNextAsync(r.GetValue(kind), r.GetValue(target), r.GetValue(count), ct), $"the next {r.GetValue(count)} {r.GetValue(kind)} call(s) will fail"));
        return command;
    }

    private static Command Latency()
    {
        var kind = new Argument<EffectKind>("KIND") { Description = "Effect kind" };
        var msArgument = new Argument<double?>("MS") { Description = "Milliseconds added to every call; fractions allowed (PublicFolderWrite 0.2: per folder)", Arity = ArgumentArity.ZeroOrOne };
        var ms = new Option<double?>("--ms") { Description = "Milliseconds added to every call (same as MS)" };
        var command = new Command("latency", "Add latency to every call of an effect: world latency KIND MS (or --ms MS)") { kind, msArgument, ms };
        CliAction.Set(command, (r, ct) =>
        {
            var given = new[] { r.GetValue(msArgument), r.GetValue(ms) }.OfType<double>().ToList();
            if (given.Count != 1)
            {
                throw new BadInputException("give the latency once, in milliseconds: world latency KIND MS (or --ms MS)");
            }

            var milliseconds = given[0];
            var text = milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return WithWorldAsync(r, w => w.SetLatencyAsync(r.GetValue(kind), TimeSpan.FromMilliseconds(milliseconds), ct), $"{r.GetValue(kind)} now takes {text} ms more");
        });
        return command;
    }

    private static Command Hang()
    {
        var kind = new Argument<EffectKind>("KIND") { Description = "Effect kind" };
        var command = new Command("hang", "Make every call of an effect hang (never return, ignoring cancellation), as a call into an agent that never answers; `world latency KIND 0` or `world clear-faults` ends it") { kind };
        CliAction.Set(command, (r, ct) => WithWorldAsync(r, w => w.HangAsync(r.GetValue(kind), ct), $"every call of {r.GetValue(kind)} now hangs"));
        return command;
    }

    private static Command StartDelay()
    {
        var service = new Argument<string>("SERVICE") { Description = "Service name" };
        var seconds = new Option<double>("--seconds") { Description = "Time from start to running", Required = true };
        var command = new Command("start-delay", "Make a service take this long to reach running (for MAXWAIT)") { service, seconds };
        CliAction.Set(command, (r, ct) => WithWorldAsync(r, w => w.SetStartDelayAsync(r.GetValue(service)!, TimeSpan.FromSeconds(r.GetValue(seconds)), ct), $"{r.GetValue(service)} takes {r.GetValue(seconds)} s to start"));
        return command;
    }

    private static Command SeedFolders()
    {
        var count = new Option<int>("--count") { Description = "How many public folders (\"Public Folders/Folder 000001\", ...); existing ones are kept", Required = true };
        var servers = new Option<string[]>("--server") { Description = "A node every new folder lists as a replica (repeat for more)", Required = true };
        var command = new Command("seed-folders", "Create public folders whose replica lists name the given servers (S25)") { count, servers };
        CliAction.Set(command, (r, ct) => WithFoldersAsync(r, async (_, f) =>
        {
            var listed = r.GetValue(servers)!;
            var created = await f.SeedAsync(r.GetValue(count), listed, cancellationToken: ct).ConfigureAwait(false);
            return $"seeded {created} public folder(s) listing {string.Join(", ", listed)}";
        }));
        return command;
    }

    private static Command FailFolder()
    {
        var folder = new Argument<string>("FOLDER") { Description = "Public folder name, e.g. \"Public Folders/Folder 000001\"" };
        var times = new Option<int>("--times") { Description = "How many writes of the folder fail (default: every write, until clear-faults)", DefaultValueFactory = _ => -1 };
        var command = new Command("fail-folder", "Make writes of a public folder's replica list fail (S25)") { folder, times };
        CliAction.Set(command, (r, ct) => WithFoldersAsync(r, async (_, f) =>
        {
            var n = r.GetValue(times);
            await f.FailFolderAsync(r.GetValue(folder)!, n, ct).ConfigureAwait(false);
            return n == -1
                ? $"every write of {r.GetValue(folder)} fails until clear-faults"
                : $"the next {n} write(s) of {r.GetValue(folder)} will fail";
        }));
        return command;
    }

    private static Command Folders()
    {
        var command = new Command("folders", "The public folders: how many, per server how many list it, write counters (S25)");
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            await using var services = CliServices.ForExisting(GlobalOptions.ResolveDataDir(result), result.GetValue(GlobalOptions.LogJson));
            var summary = await services.Get<SimulatedPublicFolders>().SummaryAsync(cancellationToken).ConfigureAwait(false);
            if (result.GetValue(GlobalOptions.Json))
            {
                return JsonOutput.Write(summary);
            }

            var table = new Table().Title("public folders");
            table.AddColumns("server", "folders listing it");
            foreach (var (server, folders) in summary.PerServer)
            {
                table.AddRow(Markup.Escape(server), folders.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"folders: {summary.Folders}, without replica: {summary.FoldersWithoutReplica}, with a fault: {summary.FoldersWithFault}");
            AnsiConsole.MarkupLine($"writes: {summary.Writes}, changes: {summary.Changes}, failures: {summary.Failures}, folders written more than once: {summary.FoldersWrittenMoreThanOnce}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Runs <paramref name="act"/> on the world and its public folders and prints the line it returns.</summary>
    private static async Task<int> WithFoldersAsync(ParseResult result, Func<SimulatedWorld, SimulatedPublicFolders, Task<string>> act)
    {
        await using var services = CliServices.ForExisting(GlobalOptions.ResolveDataDir(result), result.GetValue(GlobalOptions.LogJson));
        var done = await act(services.Get<SimulatedWorld>(), services.Get<SimulatedPublicFolders>()).ConfigureAwait(false);
        Console.Out.WriteLine(done);
        return ExitCodes.Ok;
    }

    /// <summary>Runs <paramref name="act"/> on the world and prints <paramref name="done"/>.</summary>
    internal static async Task<int> WithWorldAsync(ParseResult result, Func<SimulatedWorld, Task> act, string done)
    {
        await using var services = CliServices.ForExisting(GlobalOptions.ResolveDataDir(result), result.GetValue(GlobalOptions.LogJson));
        await act(services.Get<SimulatedWorld>()).ConfigureAwait(false);
        Console.Out.WriteLine(done);
        return ExitCodes.Ok;
    }
}
