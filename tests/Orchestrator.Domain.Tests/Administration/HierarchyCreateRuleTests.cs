using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Tests.Administration;

public class HierarchyCreateRuleTests
{
    private static readonly DataFileLocation Edb = new(DataFileKind.Database, "mailbox store MS1 of storage group SG1", "E:", @"E:\exchsrvr\mdbdata\priv1.edb");
    private static readonly DataFileLocation Logs = new(DataFileKind.TransactionLog, "storage group SG1", "F:", @"F:\logs");
    private static readonly DataVolume E = new("E:", "vol.E", true, null);
    private static readonly DataVolume F = new("F:", "vol.F", true, null);

    private static AdminVerdict Create(IReadOnlyList<DataFileLocation> files, IReadOnlyList<DataVolume> volumes, RunningState? running = null) =>
        HierarchyCreateRule.Check(new HierarchyCreation("exch1", "node1", "C:", files, volumes, running ?? RunningState.Nothing));

    [Fact]
    public void Create_IsAllowed_WhenEveryDataVolumeIsProtectedInServiceAndFree() =>
        Assert.True(Create([Edb, Logs], [E, F]).IsAllowed);

    [Theory]
    [InlineData(DataFileKind.Database, "the database (EDB/STM) files of mailbox store MS1 of storage group SG1 are on the system drive (C:)")]
    [InlineData(DataFileKind.TransactionLog, "the transaction logs of mailbox store MS1 of storage group SG1 are on the system drive (C:)")]
    [InlineData(DataFileKind.SmtpQueue, "the SMTP queue directory of mailbox store MS1 of storage group SG1 is on the system drive (C:)")]
    [InlineData(DataFileKind.Badmail, "the badmail directory of mailbox store MS1 of storage group SG1 is on the system drive (C:)")]
    public void Create_IsRefused_WhenDataIsOnTheSystemDrive_NamingItsOwner(DataFileKind kind, string expected)
    {
        var verdict = Create([Edb with { Kind = kind, Volume = @"c:\", Path = @"C:\exchsrvr" }], []);

        var refusal = Assert.Single(verdict.Refusals);
        Assert.Equal("hierarchy exch1", refusal.Subject);
        Assert.StartsWith(expected, refusal.Message, StringComparison.Ordinal);
        Assert.Contains("relocate", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_IsRefused_WhenADataVolumeIsNotProtected()
    {
        var verdict = Create([Edb], [E with { Resource = null }]);

        Assert.Equal(
            "volume E: holds the database (EDB/STM) files of mailbox store MS1 of storage group SG1 but no volume resource protects it; create a volume resource for E: on node1 first",
            Assert.Single(verdict.Refusals).Message);
    }

    [Fact]
    public void Create_IsRefused_WhenADataVolumeIsNotInService()
    {
        var verdict = Create([Edb], [E with { InService = false }]);

        Assert.Contains("volume E: (resource vol.E)", Assert.Single(verdict.Refusals).Message, StringComparison.Ordinal);
        Assert.Contains("bring vol.E in service on node1 first", verdict.Refusals[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_IsRefused_WhenADataVolumeBelongsToAnotherHierarchy()
    {
        var verdict = Create([Edb], [E with { Hierarchy = "exch2" }]);

        Assert.Contains("already belongs to hierarchy exch2", Assert.Single(verdict.Refusals).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_DoesNotRefuse_AVolumeItKnowsNothingAbout() =>
        Assert.True(Create([Edb], []).IsAllowed);

    [Fact]
    public void Create_IsRefused_AfterAHierarchyOfThatNameWasDeletedOnABackup_NamingTheRepair()
    {
        var running = new RunningState([], [new HierarchyPlacement("EXCH1", "node2", "node1")]);

        var refusal = Assert.Single(Create([Edb], [E], running).Refusals);

        Assert.Equal(
            "a previous hierarchy EXCH1 was deleted while active on backup node node2, so its users still live there; "
            + "move them back to the primary node1 with `orchestrator users move --all` first, then create exch1 again",
            refusal.Message);
    }

    [Fact]
    public void Create_ReportsEveryProblem()
    {
        var verdict = Create([Edb, Logs, Edb with { Volume = "C:" }], [E with { Resource = null }, F with { InService = false }]);

        Assert.Equal(3, verdict.Refusals.Count);
    }
}
