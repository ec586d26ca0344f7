using Orchestrator.Testing.Lab;
using Xunit.Abstractions;

namespace Orchestrator.Lab.Tests;

/// <summary>
/// The frame of a lab test on the mail: a lab with BIND9 and Postfix on the nodes (listening on the switchable address and
/// the node's own), its transcript printed when the test fails, and nothing of it left behind afterwards (processes,
/// namespaces, traces).
/// </summary>
internal static class LabScenario
{
    public static async Task RunAsync(ITestOutputHelper output, Func<LabNetwork, LabDns, LabMail, Task> test)
    {
        var traces = new LabTraces();
        await using (var lab = await LabNetwork.CreateAsync())
        {
            try
            {
                await traces.TakeAsync(lab);
                await using var dns = await LabDns.StartAsync(lab);
                var mail = await LabMail.CreateAsync(lab, dns, onNodeAddresses: true);
                await test(lab, dns, mail);
            }
            catch
            {
                output.WriteLine(lab.Transcript);
                throw;
            }
        }

        await traces.AssertGoneAsync();
    }
}
