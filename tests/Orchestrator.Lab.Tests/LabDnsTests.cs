using System.Net;
using System.Runtime.Versioning;
using Orchestrator.Testing.Lab;
using Xunit.Abstractions;

namespace Orchestrator.Lab.Tests;

/// <summary>
/// Issue 14's lab DNS: BIND9 in the dns namespace serves mail.lab.test, takes dynamic updates signed with its TSIG key
/// and refuses any other, and its secret shows in nothing the fixture captured.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LabDnsTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task TheMailName_ResolvesToNode1_ThenToNode2AfterUpdateA_FromTheClient()
    {
        Skip.If(LabDns.MissingReason is not null, LabDns.MissingReason);
        await using var lab = await LabNetwork.CreateAsync();
        try
        {
            await using var dns = await LabDns.StartAsync(lab);
            output.WriteLine($"lab set up in {lab.SetupTime.TotalMilliseconds:0} ms, named answering {dns.StartTime.TotalMilliseconds:0} ms after its start");

            Assert.Equal([lab.Address(LabNode.Node1)], await dns.ResolveAsync(LabNode.Client, LabDns.MailName));

            // named listens on the dns machine's lab address only (not on its loopback, nor on any address).
            var sockets = await lab.ExecAsync(LabNode.Dns, ["ss", "-H", "-lntu"]);
            var listening = sockets.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[4]).ToList();
            Assert.NotEmpty(listening);
            Assert.All(listening, local => Assert.Equal($"{dns.Address}:53", local));

            var update = await dns.UpdateAAsync(LabDns.MailName, lab.Address(LabNode.Node2), fromNode: LabNode.Node2);
            Assert.True(update.ExitCode == 0, $"nsupdate: {update.Output}");

            Assert.Equal([lab.Address(LabNode.Node2)], await dns.ResolveAsync(LabNode.Client, LabDns.MailName));
        }
        finally
        {
            output.WriteLine(lab.Transcript);
        }
    }

    [SkippableFact]
    public async Task AnUpdateSignedWithAnotherKey_IsRefused_AndTheOldAddressStays()
    {
        Skip.If(LabDns.MissingReason is not null, LabDns.MissingReason);
        await using var lab = await LabNetwork.CreateAsync();
        try
        {
            await using var dns = await LabDns.StartAsync(lab);
            var foreign = await dns.CreateForeignKeyAsync();

            var refused = await dns.UpdateAAsync(LabDns.MailName, lab.Address(LabNode.Node3), keyFile: foreign);
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("BADSIG", refused.Output, StringComparison.Ordinal);

            var unsigned = await lab.ExecAsync(
                LabNode.Client, ["nsupdate", "-t", "5"], input: $"server {dns.Address} 53\nzone {LabDns.Zone}.\nupdate add {LabDns.MailName}. 5 A {lab.Address(LabNode.Node3)}\nsend\n");
            Assert.NotEqual(0, unsigned.ExitCode);
            Assert.Contains("REFUSED", unsigned.Output, StringComparison.Ordinal);

            Assert.Equal([lab.Address(LabNode.Node1)], await dns.ResolveAsync(LabNode.Client, LabDns.MailName));
        }
        finally
        {
            output.WriteLine(lab.Transcript);
        }
    }

    [SkippableFact]
    public async Task TheTsigSecret_IsInItsKeyFileOnly_AndInNoOutputTheFixtureCaptured()
    {
        Skip.If(LabDns.MissingReason is not null, LabDns.MissingReason);
        await using var lab = await LabNetwork.CreateAsync();
        await using var dns = await LabDns.StartAsync(lab);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dns.KeyFile));
        var secret = Secret(await File.ReadAllTextAsync(dns.KeyFile));

        var update = await dns.UpdateAAsync(LabDns.MailName, lab.Address(LabNode.Node2));
        Assert.True(update.ExitCode == 0, $"nsupdate: {update.Output}");
        await dns.UpdateAAsync(LabDns.MailName, lab.Address(LabNode.Node3), keyFile: await dns.CreateForeignKeyAsync());
        Assert.Equal([lab.Address(LabNode.Node2)], await dns.ResolveAsync(LabNode.Node1, LabDns.MailName));

        var captured = new Dictionary<string, string>
        {
            ["the lab's transcript"] = lab.Transcript,
            ["named's log"] = await File.ReadAllTextAsync(dns.LogFile),
            ["named.conf"] = await File.ReadAllTextAsync(dns.ConfigFile),
        };
        Assert.Contains(LabDns.KeyName, captured["the lab's transcript"], StringComparison.Ordinal); // the updates are in it, signed
        Assert.All(captured, c => Assert.False(c.Value.Contains(secret, StringComparison.Ordinal), $"the TSIG secret is in {c.Key}"));
        output.WriteLine($"the secret ({secret.Length} characters) is in none of: {string.Join(", ", captured.Keys)}");
    }

    /// <summary>The secret of a key file as tsig-keygen writes it: <c>secret "BASE64";</c>.</summary>
    private static string Secret(string keyFile)
    {
        const string marker = "secret \"";
        var start = keyFile.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        Assert.True(start >= marker.Length, "no secret in the key file");
        var secret = keyFile[start..keyFile.IndexOf('"', start)];
        Assert.True(secret.Length >= 40, "a secret too short to be one");
        return secret;
    }
}
