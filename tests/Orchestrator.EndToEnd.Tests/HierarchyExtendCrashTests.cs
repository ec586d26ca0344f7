using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 16's acceptance: an extend killed (SIGKILL) at any point — after its procedure was recorded, after a step's effect,
/// after a step's commit — is finished by `procedures wait`, never half-extended: the nodes the world records for the hierarchy
/// and the stored definition agree, and no effect key is replayed more than the crash point allows (per key, not in total).
/// </summary>
public sealed class HierarchyExtendCrashTests
{
    public static TheoryData<string> AllCrashPoints() =>
        ["after-create", "after-effect-1", "after-commit-1", "after-effect-2", "after-commit-2", "after-effect-3", "after-commit-3"];

    /// <summary>A sixth of the points in the default run (always the first and last, a different sixth each UTC day), every point with ORCHESTRATOR_CRASH_CAMPAIGN=full.</summary>
    public static TheoryData<string> CrashPoints() => CrashCampaign.Sample(AllCrashPoints());

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task An_extend_killed_at_any_point_is_completed_by_procedures_wait_never_half_extended(string crashPoint)
    {
        using var dir = new TempDataDir();
        dir.Environment[ShortLease.Variable] = ShortLease.Milliseconds; // the killed worker's claim is taken over once it expires
        await dir.ApplyAsync(AdminCluster.ThreeNodes(dir));
        (await dir.RunAsync("world", "set-stores", "node3", "EXCH1", "--mailbox-store", "Mailbox Store (OLD)")).ShouldExitWith(0);

        // Three steps: the store rename on node3, the extend on node3, the definition stored.
        var crashed = await dir.RunWithAsync(new Dictionary<string, string> { ["ORCHESTRATOR_CRASH_AT"] = crashPoint },
            "hierarchy", "extend", "exch1", "--to", "node3", "--priority", "20", "--apply-renames", "--wait");
        crashed.ShouldHaveBeenKilled();

        (await dir.RunAsync("procedures", "wait", "1")).ShouldExitWith(0);

        Assert.Equal(["node1", "node2", "node3"], await dir.WorldNodesAsync("exch1"));
        Assert.Equal(["node1:1", "node2:10", "node3:20"], await dir.DefinedNodesAsync("exch1"));
        Assert.Equal(2, (await dir.StatusAsync()).DefinitionVersion);
        var world = await dir.WorldAsync();
        Assert.Equal(1, world.Applied.GetValueOrDefault("StoreRename:node3/EXCH1"));
        Assert.Equal(1, world.Applied.GetValueOrDefault("HierarchyExtend:node3/exch1"));
        await dir.ReplaysShouldBeAllowedAfterAsync(crashPoint);
        await dir.AuditChainShouldHoldAsync();
    }
}
