using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 16 point 6 (S15): `credentials set|show` through the real CLI. The password goes in on standard input, comes
/// back nowhere (output, --json, audit rows and export, logs, the database files), and the database without the key
/// ring cannot decrypt it: `show` then says so naming the keys directory, exit 2.
/// </summary>
public sealed class CredentialsCliTests
{
    private const string Password = "S3cret-Directory-Pw-7f3a";
    private const string User = @"EXCH\lkadmin";

    [Fact]
    public async Task Set_then_show_round_trips_the_user_and_the_password_is_nowhere()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);

        var set = (await dir.RunWithInputAsync(Password + "\n", "--actor", "alice", "credentials", "set", "--user", User)).ShouldExitWith(0);
        var show = (await dir.RunAsync("credentials", "show")).ShouldExitWith(0);
        var json = (await dir.RunAsync("credentials", "show", "--json")).ShouldExitWith(0);
        var audit = (await dir.RunAsync("audit", "list", "--json")).ShouldExitWith(0);
        var export = dir.Sibling("audit.csv");
        (await dir.RunAsync("audit", "export", "--format", "csv", "--out", export)).ShouldExitWith(0);

        Assert.Contains(User, show.StdOut, StringComparison.Ordinal);
        Assert.Contains("alice", show.StdOut, StringComparison.Ordinal);
        using (var document = JsonDocument.Parse(json.StdOut))
        {
            Assert.Equal(User, document.RootElement.GetProperty("user").GetString());
            Assert.Equal("alice", document.RootElement.GetProperty("setBy").GetString());
            Assert.True(document.RootElement.GetProperty("usable").GetBoolean());
        }

        Assert.Contains(User.Replace(@"\", @"\\", StringComparison.Ordinal), audit.StdOut, StringComparison.Ordinal); // the set is audited, naming the user
        foreach (var result in new[] { set, show, json, audit })
        {
            Assert.DoesNotContain(Password, result.StdOut + result.StdErr, StringComparison.Ordinal);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var files = Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories).Append(export).ToList();
        Assert.Contains(files, f => f.EndsWith("orchestrator.db", StringComparison.Ordinal));
        var logs = files.Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "logs").ToList();
        Assert.Contains(logs, f => File.ReadAllText(f).Contains("Directory credentials set for", StringComparison.Ordinal)); // the set is logged, so the grep below means something
        foreach (var file in files)
        {
            var text = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file));
            Assert.False(text.Contains(Password, StringComparison.Ordinal), $"the password is in {file}");
        }
    }

    [Fact]
    public async Task Without_the_keys_directory_show_refuses_naming_it_exit_2_and_set_never_takes_an_argument_password()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunWithInputAsync(Password + "\n", "credentials", "set", "--user", User)).ShouldExitWith(0);
        var keys = Path.Combine(dir.Path, "keys");
        Directory.Delete(keys, recursive: true);

        var show = await dir.RunAsync("credentials", "show");
        var noPassword = await dir.RunWithInputAsync("\n", "credentials", "set", "--user", User);

        show.ShouldExitWith(2);
        show.ShouldPrintOneError(keys, "credentials set --user " + User);
        Assert.DoesNotContain(Password, show.StdOut + show.StdErr, StringComparison.Ordinal);
        noPassword.ShouldExitWith(2);
        Assert.False(Directory.Exists(keys), "a refused set created a key ring");
    }

    [Fact]
    public async Task A_failover_without_credentials_is_refused_then_with_them_moves_the_users_as_that_account_and_the_password_is_nowhere()
    {
        using var dir = new TempDataDir { SetsDirectoryCredentials = false };
        var outputs = new List<ProcessResult>();
        async Task<ProcessResult> Run(params string[] arguments)
        {
            var result = await dir.RunAsync(arguments);
            outputs.Add(result);
            return result;
        }

        (await Run("cluster", "apply", Samples.TwoNode)).ShouldExitWith(0);
        (await Run("world", "add-user", "alice", "--domain", "sales.example.com", "--home", "node1")).ShouldExitWith(0);
        (await Run("world", "fail-node", "node1")).ShouldExitWith(0);

        var refused = await Run("failover", "exch1", "--reason", "node1 lost power");
        refused.ShouldExitWith(2);
        refused.ShouldPrintOneError("credentials set --user");
        Assert.Equal(0, Json.Parse<JsonElement>((await Run("procedures", "list", "--json")).ShouldExitWith(0)).GetProperty("procedures").GetArrayLength()); // nothing created

        var set = await dir.RunWithInputAsync(Password + "\n", "--json", "--actor", "alice", "credentials", "set", "--user", User);
        outputs.Add(set.ShouldExitWith(0));
        (await Run("--json", "failover", "exch1", "--reason", "node1 lost power", "--wait")).ShouldExitWith(0);
        var world = (await Run("world", "show", "--json")).ShouldExitWith(0);
        foreach (var query in new[] { new[] { "status", "--json" }, ["procedures", "list", "--json"], ["procedures", "show", "1", "--json"], ["audit", "list", "--json"], ["credentials", "show", "--json"], ["users", "failed", "--json"] })
        {
            (await Run(query)).ShouldExitWith(0);
        }

        var export = dir.Sibling("audit.csv");
        (await Run("audit", "export", "--format", "csv", "--out", export)).ShouldExitWith(0);

        // The world says the move was made as the account that was set (its user only).
        Assert.Matches(new Regex(@"(?i)""movedBy""\s*:\s*""EXCH\\\\lkadmin"""), world.StdOut);
        var forms = new[] { Password, Convert.ToBase64String(Encoding.UTF8.GetBytes(Password)) };
        foreach (var result in outputs)
        {
            foreach (var form in forms)
            {
                Assert.DoesNotContain(form, result.StdOut + result.StdErr, StringComparison.Ordinal);
            }
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var files = Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories).Append(export).ToList();
        Assert.Contains(files, f => Path.GetFileName(Path.GetDirectoryName(f)) == "logs");
        var utf16 = Encoding.Unicode.GetBytes(Password);
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            var text = Encoding.Latin1.GetString(bytes);
            Assert.False(forms.Any(f => text.Contains(f, StringComparison.Ordinal)), $"the password is in {file}");
            Assert.False(bytes.AsSpan().IndexOf(utf16) >= 0, $"the password is in {file} as UTF-16");
        }
    }
}
