using System.CommandLine;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Engine.Errors;
using Orchestrator.Environment.World;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// `world set-stores`, `world exchange-data` and `world add-volume`: set up what the checks of hierarchy administration
/// read from the simulated world (S10, S11): a node's database names, where an application's data lives, a data volume.
/// </summary>
public static class WorldAdministrationCommands
{
    public static IEnumerable<Command> Create() => [SetStores(), ExchangeData(), AddVolume()];

    private static Command SetStores()
    {
        var node = new Argument<string>("NODE") { Description = "Node name" }.NameOf("node");
        var application = new Argument<string>("APP") { Description = "Application (Exchange virtual server) name, e.g. EXCH1" };
        var groups = new Option<string[]>("--storage-group") { Description = "A storage group name (repeat for more, in order)" };
        var mailbox = new Option<string[]>("--mailbox-store") { Description = "A mailbox store name (repeat for more, in order)" };
        var publicStores = new Option<string[]>("--public-store") { Description = "A public store name (repeat for more, in order)" };
        var command = new Command("set-stores", "Set the storage-group, mailbox-store and public-store names a node's Exchange server has for an application (S11); a kind not given keeps its names")
        {
            node, application, groups, mailbox, publicStores,
        };
        CliAction.Set(command, (r, ct) =>
        {
            string[] g = r.GetValue(groups) ?? [], m = r.GetValue(mailbox) ?? [], p = r.GetValue(publicStores) ?? [];
            if (g.Length + m.Length + p.Length == 0)
            {
                throw new BadInputException("give at least one name: --storage-group NAME, --mailbox-store NAME or --public-store NAME");
            }

            if (g.Concat(m).Concat(p).FirstOrDefault(string.IsNullOrWhiteSpace) is not null)
            {
                throw new BadInputException("a storage group or store name cannot be empty; give each name in quotes");
            }

            return WorldCommands.WithWorldAsync(
                r,
                w => w.SetStoreNamesAsync(r.GetValue(node)!, r.GetValue(application)!, g, m, p, ct),
                $"stores of {r.GetValue(application)} on {r.GetValue(node)} set");
        });
        return command;
    }

    private static Command ExchangeData()
    {
        var node = new Argument<string>("NODE") { Description = "Node name" }.NameOf("node");
        var application = new Argument<string>("APP") { Description = "Application (Exchange virtual server) name, e.g. EXCH1" };
        var system = new Option<string?>("--system-drive") { Description = "The node's system drive (default C:)" };
        var database = new Option<string?>("--database") { Description = "Directory of the database (EDB/STM) files, e.g. E:\\mdbdata" };
        var logs = new Option<string?>("--logs") { Description = "Directory of the transaction logs" };
        var queue = new Option<string?>("--smtp-queue") { Description = "The SMTP queue directory" };
        var badmail = new Option<string?>("--badmail") { Description = "The SMTP badmail directory" };
        var command = new Command("exchange-data", "Set where an application's Exchange data lives on a node (S10); a path not given keeps what it is")
        {
            node, application, system, database, logs, queue, badmail,
        };
        CliAction.Set(command, (r, ct) =>
        {
            var paths = new ExchangeDataPaths(r.GetValue(system), r.GetValue(database), r.GetValue(logs), r.GetValue(queue), r.GetValue(badmail));
            if ((paths.SystemDrive ?? paths.Database ?? paths.Logs ?? paths.SmtpQueue ?? paths.Badmail) is null)
            {
                throw new BadInputException("give at least one of --system-drive, --database, --logs, --smtp-queue or --badmail");
            }

            return WorldCommands.WithWorldAsync(
                r,
                w => w.SetExchangeDataAsync(r.GetValue(node)!, r.GetValue(application)!, paths, ct),
                $"Exchange data of {r.GetValue(application)} on {r.GetValue(node)} set");
        });
        return command;
    }

    private static Command AddVolume()
    {
        var name = new Argument<string>("NAME") { Description = "Volume name, e.g. H (its drive H:)" };
        var on = new Option<string>("--on") { Description = "The node it is mounted on (in service there unless --unmounted)", Required = true }.NameOf("node");
        var unprotected = new Option<bool>("--unprotected") { Description = "No volume resource protects it" };
        var unmounted = new Option<bool>("--unmounted") { Description = "Not mounted (not in service) on the node" };
        var command = new Command("add-volume", "Add a data volume to the world, protected and mounted on a node unless told otherwise (S10)") { name, on, unprotected, unmounted };
        CliAction.Set(command, (r, ct) =>
        {
            var (u, m) = (r.GetValue(unprotected), r.GetValue(unmounted));
            var how = $"{(u ? "unprotected" : "protected")}, {(m ? "not mounted" : "mounted")} on {r.GetValue(on)}";
            return WorldCommands.WithWorldAsync(r, w => w.AddVolumeAsync(r.GetValue(name)!, r.GetValue(on)!, u, m, ct), $"volume {r.GetValue(name)} {how}");
        });
        return command;
    }
}
