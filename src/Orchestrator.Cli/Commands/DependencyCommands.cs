using System.CommandLine;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Cli.Output;
using Orchestrator.Workflows.Dependency;

namespace Orchestrator.Cli.Commands;

/// <summary>`dependency add|remove PARENT CHILD [--hierarchy H] [--reason R] [--wait]` (S5): change a hierarchy's resource tree, as a procedure.</summary>
public static class DependencyCommands
{
    public static Command Create()
    {
        var dependency = new Command("dependency", "Add or remove a parent/child dependency between two resources of a hierarchy (S5)");
        dependency.Subcommands.Add(Change("add", remove: false, "Make PARENT depend on CHILD: CHILD starts before PARENT and stops after it (refused if it closes a cycle)"));
        dependency.Subcommands.Add(Change("remove", remove: true, "Remove the dependency of PARENT on CHILD (refused if CHILD would be left without a parent)"));
        return dependency;
    }

    private static Command Change(string name, bool remove, string description)
    {
        var parent = new Argument<string>("PARENT") { Description = "The parent resource (started after its children)" };
        var child = new Argument<string>("CHILD") { Description = "The child resource" };
        var hierarchy = new Option<string?>("--hierarchy") { Description = "The hierarchy (default: the one whose tree holds both resources)" }.NameOf("hierarchy");
        var reason = AuditTextOptions.Reason("Why, in words, for the audit journal");
        var wait = WaitOption.Create();
        var command = new Command(name, description) { parent, child, hierarchy, reason, wait };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var json = result.GetValue(GlobalOptions.Json);
            var request = new ChangeDependencyCommand(remove, result.GetValue(parent)!, result.GetValue(child)!, result.GetValue(hierarchy), GlobalOptions.ResolveActor(result), result.GetValue(reason));
            await using var scope = await CommandScope.OpenAsync(result, result.GetValue(wait), cancellationToken).ConfigureAwait(false);
            var started = await scope.Mediator.Send(request, cancellationToken).ConfigureAwait(false);
            return await scope.FollowStartedAsync(started, started.Id, AdminStartedText.Describe(started), result.GetValue(wait), json, cancellationToken)
                .ConfigureAwait(false);
        });
        return command;
    }
}
