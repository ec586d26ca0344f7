using System.CommandLine;
using Mediator;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Cli.Output;
using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Errors;
using Orchestrator.Workflows.Administration;
using Orchestrator.Workflows.HierarchyCreate;
using Orchestrator.Workflows.HierarchyDelete;
using Orchestrator.Workflows.HierarchyExtend;
using Orchestrator.Workflows.HierarchyUnextend;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// `hierarchy create|extend|unextend|delete` (issue 16, S10–S13): each checks with the administration rules before anything
/// is recorded (refused: exit 2, one finding per line), then runs as a procedure — its world-effect steps, then the
/// definition stored — queued for `serve`, or followed here with --wait, like a switchover.
/// </summary>
public static class HierarchyCommands
{
    public static Command Create()
    {
        var hierarchy = new Command("hierarchy", "Administer hierarchies: create, extend to a node, unextend from a node, delete");
        hierarchy.Subcommands.Add(CreateCommand());
        hierarchy.Subcommands.Add(Extend());
        hierarchy.Subcommands.Add(Unextend());
        hierarchy.Subcommands.Add(Delete());
        hierarchy.Subcommands.Add(ServicesCommands.RemoveProtection());
        return hierarchy;
    }

    private static Argument<string> NameArg(string description) => new Argument<string>("NAME") { Description = description }.NameOf("hierarchy");

    private static Command CreateCommand()
    {
        var name = NameArg("The new hierarchy's name");
        var on = new Option<string>("--on") { Description = "The node its application is in service on (it gets priority 1)", Required = true }.NameOf("node");
        var application = new Option<string>("--application") { Description = "The Exchange virtual server (application resource), e.g. EXCH1", Required = true };
        var volumes = new Option<string[]>("--volume") { Description = "A data volume as NAME[:ROLE] (database, logs, smtp-queue, other); repeat for more", Required = true };
        var ip = new Option<string?>("--ip") { Description = "The switchable IP address" };
        var dns = new Option<string[]>("--dns") { Description = "A DNS record as TYPE:NAME, e.g. A:exch1.example.com; repeat for more" };
        var services = new Option<string[]>("--service") { Description = "A protected service, in start order; repeat for more (default: RESvc MSExchangeSA MSExchangeIS SMTPSVC W3SVC)" };
        var command = new Command("create", "Create a hierarchy on the node its application runs on (S10)") { name, on, application, volumes, ip, dns, services };
        return WithProcedureOptions(command, (result, actor, reason) => new CreateHierarchyCommand(
            result.GetValue(name)!, result.GetValue(on)!, result.GetValue(application)!,
            [.. (result.GetValue(volumes) ?? []).Select(Volume)], result.GetValue(ip),
            [.. (result.GetValue(dns) ?? []).Select(Dns)], result.GetValue(services) ?? [], actor, reason));
    }

    private static Command Extend()
    {
        var name = NameArg("The hierarchy to extend");
        var to = new Option<string>("--to") { Description = "The node to extend it to", Required = true }.NameOf("node");
        var priority = new Option<int?>("--priority") { Description = "Its priority there, unused in 1-999 (default 10)" };
        var nPlusOne = new Option<bool>("--n-plus-1") { Description = "The node is the N+1 spare: sets n-plus-1 in the definition" };
        var renames = new Option<bool>("--apply-renames") { Description = "Rename the node's storage groups and stores to the primary's names first (else the command lists them and stops)" };
        var command = new Command("extend", "Extend a hierarchy to another node (S11)") { name, to, priority, nPlusOne, renames };
        return WithProcedureOptions(command, (result, actor, reason) => new ExtendHierarchyCommand(
            result.GetValue(name)!, result.GetValue(to)!, result.GetValue(priority), result.GetValue(nPlusOne), result.GetValue(renames), actor, reason));
    }

    private static Command Unextend()
    {
        var name = NameArg("The hierarchy to unextend");
        var from = new Option<string>("--from") { Description = "The node to remove it from", Required = true }.NameOf("node");
        var force = new Option<bool>("--force") { Description = "Go on past the S6 warning (unextending the primary); the override is audited" };
        var command = new Command("unextend", "Remove a node from a hierarchy (S12)") { name, from, force };
        return WithProcedureOptions(command, (result, actor, reason) => new UnextendHierarchyCommand(
            result.GetValue(name)!, result.GetValue(from)!, result.GetValue(force), actor, reason));
    }

    private static Command Delete()
    {
        var name = NameArg("The hierarchy to delete");
        var command = new Command("delete", "Delete a hierarchy, in service on its primary or nowhere (S13); its resources stay as they are") { name };
        return WithProcedureOptions(command, (result, actor, reason) => new DeleteHierarchyCommand(result.GetValue(name)!, actor, reason));
    }

    /// <summary>Adds --reason and --wait, and the action: send the request, say what was started, follow it (or say who will).</summary>
    private static Command WithProcedureOptions(Command command, Func<ParseResult, string, string?, ICommand<AdminStarted>> request)
    {
        var reason = AuditTextOptions.Reason("Why, in words, for the audit journal");
        var wait = WaitOption.Create();
        command.Options.Add(reason);
        command.Options.Add(wait);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var message = request(result, GlobalOptions.ResolveActor(result), result.GetValue(reason));
            await using var scope = await CommandScope.OpenAsync(result, result.GetValue(wait), cancellationToken).ConfigureAwait(false);
            var started = await scope.Mediator.Send(message, cancellationToken).ConfigureAwait(false);
            return await scope.FollowStartedAsync(started, started.Id, AdminStartedText.Describe(started),
                result.GetValue(wait), result.GetValue(GlobalOptions.Json), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static VolumeResource Volume(string text)
    {
        var colon = text.LastIndexOf(':');
        // "E", "E:" (a drive letter) and "E:database" all name volume E.
        return colon > 0 && colon < text.Length - 1
            ? new VolumeResource(text[..colon], text[(colon + 1)..], SourceLocation.Unknown)
            : new VolumeResource(text.TrimEnd(':'), "other", SourceLocation.Unknown);
    }

    private static DnsRecord Dns(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < text.Length - 1
            ? new DnsRecord(text[..colon], text[(colon + 1)..], SourceLocation.Unknown)
            : throw new BadInputException($"--dns '{text}' is not TYPE:NAME; write it like A:exch1.example.com");
    }
}
