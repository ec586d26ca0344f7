using System.CommandLine;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Cli.Output;
using Orchestrator.Engine.Errors;
using Orchestrator.Host.Web.Security;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// `dashboard set-password USER|set-token|show|clear`: the web dashboard's credentials, stored hashed in the data
/// directory's dashboard.json. With any set, every dashboard request must sign in; without, `serve` only listens on loopback.
/// </summary>
public static class DashboardCommands
{
    private const int MinimumPasswordLength = 8;

    public static Command Create()
    {
        var dashboard = new Command("dashboard", "The web dashboard's credentials (needed to serve it on an address other than loopback)");
        dashboard.Subcommands.Add(SetPassword());
        dashboard.Subcommands.Add(SetToken());
        dashboard.Subcommands.Add(Show());
        dashboard.Subcommands.Add(Clear());
        return dashboard;
    }

    private static Command SetPassword()
    {
        var user = new Argument<string>("USER") { Description = "The user name to sign in with (HTTP Basic)" };
        var command = new Command("set-password", "Set the dashboard's user and password; the password is read from standard input (never from an argument) and stored as a PBKDF2-SHA256 hash") { user };
        CliAction.Set(command, (result, _) =>
        {
            var name = result.GetValue(user)!.Trim();
            if (name.Length is 0 or > 100 || name.Contains(':', StringComparison.Ordinal) || name.Any(char.IsControl))
            {
                throw new BadInputException($"'{name}' cannot be a user name: give 1 to 100 characters without ':' or control characters");
            }

            var password = ReadPassword(name);
            var store = new DashboardCredentialStore(GlobalOptions.ResolveDataDir(result));
            store.SetPassword(name, password);
            Console.Out.WriteLine($"dashboard password set for {name} (only a PBKDF2-SHA256 hash is stored, in {store.FilePath}); every dashboard request now needs it, and serve may listen beyond loopback");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static Command SetToken()
    {
        var command = new Command("set-token", "Create a new random bearer token for the dashboard (replacing any earlier one); it is printed once and only its SHA-256 hash is stored");
        CliAction.Set(command, (result, _) =>
        {
            var store = new DashboardCredentialStore(GlobalOptions.ResolveDataDir(result));
            var token = store.CreateToken();
            if (result.GetValue(GlobalOptions.Json))
            {
                return Task.FromResult(JsonOutput.Write(new { token, header = "Authorization: Bearer <token>", stored = store.FilePath }));
            }

            Console.Out.WriteLine("dashboard token (shown this once; only its SHA-256 hash is stored, in " + store.FilePath + "):");
            Console.Out.WriteLine(token);
            Console.Out.WriteLine("send it as the header `Authorization: Bearer <token>`; `orchestrator dashboard set-token` again replaces it");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static Command Show()
    {
        var command = new Command("show", "Which dashboard credentials are set (never the secrets)");
        CliAction.Set(command, (result, _) =>
        {
            var store = new DashboardCredentialStore(GlobalOptions.ResolveDataDir(result));
            var credentials = store.Load();
            var view = new
            {
                file = store.FilePath,
                user = credentials?.HasPassword == true ? credentials.User : null,
                password = credentials?.HasPassword == true ? $"{credentials.PasswordAlgorithmName}, {credentials.PasswordIterations} iterations" : null,
                token = credentials?.HasToken == true,
            };
            if (result.GetValue(GlobalOptions.Json))
            {
                return Task.FromResult(JsonOutput.Write(view));
            }

            Console.Out.WriteLine(credentials is null
                ? $"no dashboard credentials: the dashboard is open on loopback and refused on any other address; {store.HowToSet}"
                : $"user: {view.user ?? "(none)"}{(view.password is null ? "" : $" (password hashed with {view.password})")}; token: {(view.token ? "set" : "none")}; stored in {store.FilePath}");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static Command Clear()
    {
        var command = new Command("clear", "Remove the dashboard's credentials (serve then listens on loopback only)");
        CliAction.Set(command, (result, _) =>
        {
            var store = new DashboardCredentialStore(GlobalOptions.ResolveDataDir(result));
            Console.Out.WriteLine(store.Clear() ? $"dashboard credentials removed ({store.FilePath})" : "no dashboard credentials were set");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    /// <summary>The password from standard input: one line when piped, typed twice without echo on a terminal.</summary>
    private static string ReadPassword(string user)
    {
        var password = PasswordInput.Read(user);
        return password.Length >= MinimumPasswordLength
            ? password
            : throw new BadInputException($"the password must have at least {MinimumPasswordLength} characters; pipe it on standard input, e.g. `printf '%s\\n' \"$PASSWORD\" | orchestrator dashboard set-password {user}`");
    }
}
