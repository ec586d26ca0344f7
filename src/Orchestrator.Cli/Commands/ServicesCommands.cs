using System.CommandLine;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Cli.Output;
using Orchestrator.Workflows.RemoveProtection;
using Orchestrator.Workflows.Services;
using Spectre.Console;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// `services list NAME [--json]`, `services add|remove NAME SERVICE… [--all-nodes]` (S14), and the `remove-protection NAME`
/// subcommand of `hierarchy` (S17, <see cref="RemoveProtection"/>).
/// </summary>
public static class ServicesCommands
{
    public static Command Create()
    {
        var services = new Command("services", "A hierarchy's protected services (S14): list them, add or remove some (start order kept)");
        services.Subcommands.Add(List());
        services.Subcommands.Add(Change("add", remove: false, "Protect more services, started after the existing ones in the order given"));
        services.Subcommands.Add(Change("remove", remove: true, "Stop protecting services: stopped where the hierarchy is in service, set to manual start (S7)"));
        return services;
    }

    /// <summary>`hierarchy remove-protection NAME [--reason R] [--wait]` (S17): added to the `hierarchy` verb.</summary>
    public static Command RemoveProtection()
    {
        var hierarchy = new Argument<string>("NAME") { Description = "The hierarchy whose protection to remove" }.NameOf("hierarchy");
        var reason = AuditTextOptions.Reason("Why, in words, for the audit journal");
        var wait = WaitOption.Create();
        var command = new Command("remove-protection",
            "Stop protecting a hierarchy: services back to automatic start, clients pointed at the real server, the hierarchy forgotten; its resources stay in service where they are")
            { hierarchy, reason, wait };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var json = result.GetValue(GlobalOptions.Json);
            var request = new RemoveProtectionCommand(result.GetValue(hierarchy)!, GlobalOptions.ResolveActor(result), result.GetValue(reason));
            await using var scope = await CommandScope.OpenAsync(result, result.GetValue(wait), cancellationToken).ConfigureAwait(false);
            var started = await scope.Mediator.Send(request, cancellationToken).ConfigureAwait(false);
            return await scope.FollowStartedAsync(started, started.Id, AdminStartedText.Describe(started), result.GetValue(wait), json, cancellationToken)
                .ConfigureAwait(false);
        });
        return command;
    }

    private static Command List()
    {
        var hierarchy = new Argument<string>("NAME") { Description = "The hierarchy" }.NameOf("hierarchy");
        var command = new Command("list", "The protected services in start order, with their state on each node of the hierarchy") { hierarchy };
        CliAction.SetQuery(command, result => new ListServicesQuery(result.GetValue(hierarchy)!), Table);
        return command;
    }

    private static Command Change(string name, bool remove, string description)
    {
        var hierarchy = new Argument<string>("NAME") { Description = "The hierarchy" }.NameOf("hierarchy");
        var names = new Argument<string[]>("SERVICE") { Description = "Service names (not display names), in start order", Arity = ArgumentArity.OneOrMore };
        var allNodes = new Option<bool>("--all-nodes") { Description = "Change the list on every node of the hierarchy (needed when it has more than one: the definition keeps one list)" };
        var reason = AuditTextOptions.Reason("Why, in words, for the audit journal");
        var wait = WaitOption.Create();
        var command = new Command(name, description) { hierarchy, names, allNodes, reason, wait };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var json = result.GetValue(GlobalOptions.Json);
            var request = new ChangeServicesCommand(remove, result.GetValue(hierarchy)!, [.. result.GetValue(names)!], result.GetValue(allNodes), GlobalOptions.ResolveActor(result), result.GetValue(reason));
            await using var scope = await CommandScope.OpenAsync(result, result.GetValue(wait), cancellationToken).ConfigureAwait(false);
            var started = await scope.Mediator.Send(request, cancellationToken).ConfigureAwait(false);
            return await scope.FollowStartedAsync(started, started.Id, AdminStartedText.Describe(started), result.GetValue(wait), json, cancellationToken)
                .ConfigureAwait(false);
        });
        return command;
    }

    private static void Table(ServiceListView view)
    {
        var at = view.InServiceOn is { } on ? $"in service on {on}" : "in service nowhere";
        var table = new Table().Title(Markup.Escape($"protected services of {view.Hierarchy} ({at}), in start order"));
        table.AddColumns([new TableColumn("#"), new TableColumn("service"), new TableColumn("maxwait (s)"), .. view.Nodes.Select(n => new TableColumn(Markup.Escape(n)))]);
        foreach (var row in view.Services)
        {
            table.AddRow([row.Order.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(row.Name),
                row.MaxWaitSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", .. view.Nodes.Select(n => Markup.Escape(row.States[n]))]);
        }

        AnsiConsole.Write(table);
        foreach (var difference in view.Differences)
        {
            Console.Out.WriteLine($"note: {difference}");
        }
    }
}
