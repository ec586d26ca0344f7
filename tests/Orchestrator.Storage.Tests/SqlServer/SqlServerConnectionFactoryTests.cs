using System.Globalization;
using Orchestrator.Storage.SqlServer;

namespace Orchestrator.Storage.Tests.SqlServer;

/// <summary>
/// Microsoft.Data.SqlClient cannot connect in invariant globalization mode, which the repository's processes use: the
/// factory says so, and what to change, instead of SqlClient's bare NotSupportedException (no server needed to see it).
/// </summary>
public sealed class SqlServerConnectionFactoryTests
{
    [SkippableFact]
    public async Task InInvariantGlobalizationMode_OpeningSaysWhatSqlServerNeeds_WithoutThePassword()
    {
        Skip.IfNot(InvariantMode(), "this test process uses ICU, as every process of the repository does (Directory.Build.props: InvariantGlobalization false); the message is for a build that turns invariant mode back on");
        var factory = new SqlServerConnectionFactory("Server=tcp:127.0.0.1,1;Database=orch;User ID=sa;Password=s3cret-Pa55;Connect Timeout=1");

        var refused = await Assert.ThrowsAsync<StorageException>(() => factory.OpenAsync(CancellationToken.None));

        Assert.Contains("invariant globalization", refused.Message, StringComparison.Ordinal);
        Assert.Contains("InvariantGlobalization", refused.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-Pa55", refused.ToString(), StringComparison.Ordinal);
    }

    private static bool InvariantMode()
    {
        try
        {
            _ = CultureInfo.GetCultureInfo("en-US");
            return false;
        }
        catch (CultureNotFoundException)
        {
            return true;
        }
    }
}
