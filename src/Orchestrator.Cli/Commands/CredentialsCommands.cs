using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Cli.Output;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Errors;
using Orchestrator.Host.Credentials;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Credentials;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// `credentials set --user DOMAIN\user|show` (issue 16 point 6, S15): the directory account used during failover. The
/// password is read from standard input or a prompt (never an argument: arguments show in `ps`), encrypted with Data
/// Protection whose key ring is kept outside the database (<see cref="DirectoryCredentialProtector"/>), and never printed.
/// </summary>
public static class CredentialsCommands
{
    public static Command Create()
    {
        var credentials = new Command("credentials", "The directory account used during failover to move mailbox users (its password encrypted at rest, never shown)");
        credentials.Subcommands.Add(Set());
        credentials.Subcommands.Add(Show());
        return credentials;
    }

    private static Command Set()
    {
        var user = new Option<string>("--user") { Description = @"The directory account, DOMAIN\user", Required = true };
        var command = new Command("set", "Set the directory account; its password is read from standard input (one line) or typed at a prompt, never from an argument") { user };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var name = result.GetValue(user)!.Trim();
            if (name.Length is 0 or > 256 || name.Any(AuditTextRule.IsUnsafe) || name.Any(char.IsWhiteSpace))
            {
                throw new BadInputException(@$"'{name}' cannot be a directory account: give DOMAIN\user, 1 to 256 characters without spaces or control characters");
            }

            var actor = GlobalOptions.ResolveActor(result);
            var password = ReadPassword(name);
            var dataDirectory = GlobalOptions.ResolveDataDir(result);
            await using var services = CliServices.ForExisting(dataDirectory, result.GetValue(GlobalOptions.LogJson));
            StoreOf(services);
            var writer = services.Get<DirectoryCredentialWriter>();
            var at = await writer.SetAsync(name, password, actor, cancellationToken).ConfigureAwait(false);
            var protector = DirectoryCredentialProtector.ForDataDirectory(dataDirectory);
            services.Get<ILoggerFactory>().CreateLogger("Orchestrator.Credentials")
                .LogInformation("Directory credentials set for {User} by {Actor}; key ring {KeysDirectory}", name, actor, protector.KeysDirectory);
            if (result.GetValue(GlobalOptions.Json))
            {
                return JsonOutput.Write(new { user = name, setAt = at, setBy = actor, keysDirectory = protector.KeysDirectory });
            }

            Console.Out.WriteLine($"directory credentials set for {name}; the password is encrypted with the key ring in {protector.KeysDirectory} (back it up with the database: neither decrypts without the other)");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var command = new Command("show", "The directory account, when it was set and by whom, and whether its password can be decrypted (never the password)");
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var dataDirectory = GlobalOptions.ResolveDataDir(result);
            await using var services = CliServices.ForExisting(dataDirectory, result.GetValue(GlobalOptions.LogJson));
            var store = StoreOf(services);
            var protector = DirectoryCredentialProtector.ForDataDirectory(dataDirectory);
            var stored = await store.GetAsync(cancellationToken).ConfigureAwait(false);
            var verdict = await new DirectoryCredentialCheck(store, protector).CheckAsync("failover", cancellationToken).ConfigureAwait(false);
            if (stored is not null && !verdict.Usable)
            {
                throw new BadInputException(verdict.Refusal!);
            }

            if (result.GetValue(GlobalOptions.Json))
            {
                return JsonOutput.Write(new { user = stored?.User, setAt = stored?.SetAt, setBy = stored?.SetBy, keysDirectory = protector.KeysDirectory, usable = verdict.Usable });
            }

            Console.Out.WriteLine(stored is null
                ? verdict.Refusal
                : $"user: {stored.User}; set {stored.SetAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC by {stored.SetBy}; password encrypted with the key ring in {protector.KeysDirectory} (decrypts: yes)");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static IDirectoryCredentialStore StoreOf(CliServices services)
    {
        try
        {
            return services.Get<IDirectoryCredentialStore>();
        }
        catch (InvalidOperationException)
        {
            throw new BadInputException("directory credentials are kept in the embedded SQLite store only in this version; this data directory uses another store");
        }
    }

    /// <summary>The password from standard input: one line when piped, typed twice without echo on a terminal.</summary>
    private static string ReadPassword(string user)
    {
        var password = PasswordInput.Read(user);
        return password.Length > 0
            ? password
            : throw new BadInputException(@$"no password was given; pipe it on standard input, e.g. `printf '%s\n' ""$PASSWORD"" | orchestrator credentials set --user {user}`, or type it at the prompt");
    }
}
