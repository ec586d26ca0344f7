using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Tests.Rules;

public class DirectoryCredentialsRuleTests
{
    private const string Keys = "/data/keys";
    private const string Purpose = "failover of exch1";

    [Fact]
    public void SetAndDecrypted_IsUsable()
    {
        var verdict = DirectoryCredentialsRule.Evaluate(new(@"EXCH\admin", Keys, true, true), Purpose);
        Assert.True(verdict.Usable);
        Assert.Null(verdict.Refusal);
    }

    [Fact]
    public void NothingSet_IsRefused_NamingTheSetCommand()
    {
        var verdict = DirectoryCredentialsRule.Evaluate(new(null, Keys, true, null), Purpose);
        Assert.False(verdict.Usable);
        Assert.Contains(@"orchestrator credentials set --user DOMAIN\user", verdict.Refusal, StringComparison.Ordinal);
        Assert.Contains(Purpose, verdict.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void NoKeyRing_IsRefused_NamingTheKeysDirectoryAndTheUser()
    {
        var verdict = DirectoryCredentialsRule.Evaluate(new(@"EXCH\admin", Keys, false, null), Purpose);
        Assert.False(verdict.Usable);
        Assert.Contains(Keys, verdict.Refusal, StringComparison.Ordinal);
        Assert.Contains(@"orchestrator credentials set --user EXCH\admin", verdict.Refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public void NotDecrypted_OrNotTried_IsNeverUsable(bool? decrypted)
    {
        var verdict = DirectoryCredentialsRule.Evaluate(new(@"EXCH\admin", Keys, true, decrypted), Purpose);
        Assert.False(verdict.Usable);
        Assert.Contains(Keys, verdict.Refusal, StringComparison.Ordinal);
    }
}
