using Orchestrator.Domain.Administration;

namespace Orchestrator.Domain.Tests.Administration;

public class ServiceListRuleTests
{
    private static readonly string[] Current = ["RESvc", "MSExchangeSA", "MSExchangeIS"];

    [Fact]
    public void AddedServices_GoAfterTheOthers_InTheOrderGiven()
    {
        var change = ServiceListRule.Add("exch1", Current, ["POP3Svc", "IMAP4Svc"]);

        Assert.True(change.Verdict.IsAllowed);
        Assert.Equal(["RESvc", "MSExchangeSA", "MSExchangeIS", "POP3Svc", "IMAP4Svc"], change.Services);
    }

    [Fact]
    public void ADisplayNameWithSpaces_IsRefused_NamingIt()
    {
        var change = ServiceListRule.Add("exch1", Current, ["Microsoft Exchange POP3"]);

        var refusal = Assert.Single(change.Verdict.Refusals);
        Assert.Equal("service Microsoft Exchange POP3 of hierarchy exch1", refusal.Subject);
        Assert.StartsWith("service name 'Microsoft Exchange POP3' contains a space; give the service name, not its display name", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(Current, change.Services);
    }

    [Fact]
    public void AServiceAlreadyProtected_IsRefused() =>
        Assert.Equal("service msexchangeis is already protected by hierarchy exch1; nothing to add",
            Assert.Single(ServiceListRule.Add("exch1", Current, ["msexchangeis"]).Verdict.Refusals).Message);

    [Fact]
    public void AServiceNamedTwice_IsRefused() =>
        Assert.Equal("service POP3Svc is named 2 times; name it once",
            Assert.Single(ServiceListRule.Add("exch1", Current, ["POP3Svc", "pop3svc"]).Verdict.Refusals).Message);

    [Fact]
    public void Removing_KeepsTheOthersOrder()
    {
        var change = ServiceListRule.Remove("exch1", Current, ["MSExchangeSA"]);

        Assert.True(change.Verdict.IsAllowed);
        Assert.Equal(["RESvc", "MSExchangeIS"], change.Services);
    }

    [Fact]
    public void RemovingAServiceNotProtected_IsRefused_NamingIt() =>
        Assert.StartsWith("service POP3Svc is not protected by hierarchy exch1",
            Assert.Single(ServiceListRule.Remove("exch1", Current, ["POP3Svc"]).Verdict.Refusals).Message, StringComparison.Ordinal);

    [Fact]
    public void RemovingEveryService_IsRefused_NamingRemoveProtection() =>
        Assert.Contains("`orchestrator hierarchy remove-protection exch1`",
            Assert.Single(ServiceListRule.Remove("exch1", Current, Current).Verdict.Refusals).Message, StringComparison.Ordinal);
}
