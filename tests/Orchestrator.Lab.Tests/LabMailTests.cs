using System.Runtime.Versioning;
using Orchestrator.Testing.Lab;
using Xunit.Abstractions;

namespace Orchestrator.Lab.Tests;

/// <summary>
/// Issue 14's lab mail: Postfix in a node's namespace, its queue and mailbox on the volume, reached by the client through
/// the lab's DNS; moved by hand from node1 to node2 under a bounded load (volume, address with a gratuitous ARP, DNS
/// record, Postfix), with every message that got a 250 in the mailbox afterwards. Nothing is left behind.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LabMailTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task PostfixOnNode1_AcceptsMailFromTheClientThroughTheDnsName_AndDeliversItToTheMailboxOnTheVolume()
    {
        Skip.If(LabMail.MissingReason is not null, LabMail.MissingReason);
        var traces = new LabTraces();
        await using (var lab = await LabNetwork.CreateAsync())
        {
            try
            {
                await traces.TakeAsync(lab);
                await using var dns = await LabDns.StartAsync(lab);
                var mail = await LabMail.CreateAsync(lab, dns);
                var up = await mail.BringUpAsync(LabNode.Node1);

                Assert.Equal([mail.Address], await dns.ResolveAsync(LabNode.Client, LabDns.MailName));
                var sockets = await lab.ExecAsync(LabNode.Node1, ["ss", "-H", "-lnt"]);
                var listening = sockets.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3]).ToList();
                Assert.Equal([$"{mail.Address}:25"], listening);

                var load = await LabMailLoad.RunAsync(lab, count: 20, limit: TimeSpan.FromSeconds(20), interval: TimeSpan.Zero);

                Assert.Equal(20, load.AcceptedIds.Count);
                Assert.All(load.Attempts, a => Assert.Equal(LabNode.Node1, a.Server));
                var delivered = await LabMailbox.WaitForAsync(mail.MailboxDirectory, load.AcceptedIds, TimeSpan.FromSeconds(15));
                var check = LabMailCheck.Compare(load.AcceptedIds, delivered);
                output.WriteLine($"mail up on node1 in {up.TotalMilliseconds:0} ms; 20 messages sent in {load.Elapsed.TotalMilliseconds:0} ms; {check}");
                Assert.Empty(check.Lost);
                Assert.Equal(20, check.Delivered);
                Assert.StartsWith(mail.Volume.Path + "/", mail.MailboxDirectory, StringComparison.Ordinal);
                Assert.Equal(LabNode.Node1, mail.Volume.Owner);
            }
            catch
            {
                output.WriteLine(lab.Transcript);
                throw;
            }
        }

        await traces.AssertGoneAsync();
    }

    [SkippableFact]
    public async Task AManualMoveFromNode1ToNode2_UnderLoad_LosesNoAcceptedMessage_AndNode2DeliversWhatNode1LeftQueued()
    {
        Skip.If(LabMail.MissingReason is not null, LabMail.MissingReason);
        var traces = new LabTraces();
        await using (var lab = await LabNetwork.CreateAsync())
        {
            try
            {
                await traces.TakeAsync(lab);
                await using var dns = await LabDns.StartAsync(lab);
                var mail = await LabMail.CreateAsync(lab, dns);
                await mail.BringUpAsync(LabNode.Node1);

                // 300 messages, one every 50 ms (15 s), 30 s at most; the move happens in the middle.
                var running = LabMailLoad.RunAsync(lab, count: 300, limit: TimeSpan.FromSeconds(30), interval: TimeSpan.FromMilliseconds(50));
                await Task.Delay(TimeSpan.FromSeconds(3));
                await mail.DeferDeliveryAsync(LabNode.Node1); // what node1 accepts from now on stays queued on the volume
                await Task.Delay(TimeSpan.FromSeconds(2));
                var down = await mail.TakeDownAsync(LabNode.Node1);
                var queuedAtMove = mail.QueuedCount();
                var up = await mail.BringUpAsync(LabNode.Node2);
                var load = await running;

                var delivered = await LabMailbox.WaitForAsync(mail.MailboxDirectory, load.AcceptedIds, TimeSpan.FromSeconds(20));
                var check = LabMailCheck.Compare(load.AcceptedIds, delivered);
                var byNode = load.Attempts.Where(a => a.Accepted).GroupBy(a => a.Server).ToDictionary(g => g.Key, g => g.Count());
                output.WriteLine(
                    $"{load.Attempts.Count} messages in {load.Elapsed.TotalMilliseconds:0} ms: {check}; accepted by node1 {byNode.GetValueOrDefault(LabNode.Node1)}, "
                    + $"by node2 {byNode.GetValueOrDefault(LabNode.Node2)}; {queuedAtMove} left queued by node1; node1 down in {down.TotalMilliseconds:0} ms, "
                    + $"node2 up in {up.TotalMilliseconds:0} ms; longest gap between 250s: {load.LongestGap.TotalMilliseconds:0} ms");
                Assert.Empty(check.Lost);
                Assert.True(queuedAtMove > 0, "node1 left no message in the queue on the volume");
                Assert.True(byNode.GetValueOrDefault(LabNode.Node1) > 0 && byNode.GetValueOrDefault(LabNode.Node2) > 0, $"accepted by: {string.Join(", ", byNode)}");
                Assert.Equal(0, mail.QueuedCount());

                // After the move the name and the address answer from node2, and node1 runs no Postfix and has no address.
                Assert.Equal([mail.Address], await dns.ResolveAsync(LabNode.Client, LabDns.MailName));
                Assert.Contains(mail.Address.ToString(), (await lab.ExecAsync(LabNode.Node2, ["ip", "-o", "addr", "show", "dev", LabNetwork.Interface])).StandardOutput, StringComparison.Ordinal);
                Assert.DoesNotContain(mail.Address.ToString(), (await lab.ExecAsync(LabNode.Node1, ["ip", "-o", "addr", "show", "dev", LabNetwork.Interface])).StandardOutput, StringComparison.Ordinal);
                Assert.False(await mail.IsRunningAsync(LabNode.Node1));
                Assert.True(await mail.IsRunningAsync(LabNode.Node2));
                Assert.Equal(LabNode.Node2, mail.Volume.Owner);
            }
            catch
            {
                output.WriteLine(lab.Transcript);
                throw;
            }
        }

        await traces.AssertGoneAsync();
    }

    [SkippableFact]
    public async Task ALabWithPostfixUp_WhoseTestProcessWasKilled_IsTornDownByTheNextLab_PostfixAndAll()
    {
        Skip.If(LabMail.MissingReason is not null, LabMail.MissingReason);
        using var owner = System.Diagnostics.Process.Start("sleep", "60");
        var stale = await LabNetwork.CreateAsync(LabOwner.Of(owner.Id)!.Value, CancellationToken.None);
        var traces = new LabTraces();
        try
        {
            await traces.TakeAsync(stale);
            var dns = await LabDns.StartAsync(stale); // neither disposed: their test process "dies"
            var mail = await LabMail.CreateAsync(stale, dns);
            await mail.BringUpAsync(LabNode.Node1);
            Assert.True(await mail.IsRunningAsync(LabNode.Node1));
            Assert.NotEmpty(HostProcesses.WithEnvironmentContaining("MAIL_CONFIG=" + stale.WorkDirectory));
            owner.Kill();
            await owner.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));

            await using (await LabNetwork.CreateAsync())
            {
                await traces.AssertGoneAsync();
            }
        }
        catch
        {
            output.WriteLine(stale.Transcript);
            throw;
        }
        finally
        {
            await stale.DisposeAsync();
        }
    }
}
