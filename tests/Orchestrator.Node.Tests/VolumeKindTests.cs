using Orchestrator.Testing;
using Orchestrator.Node.Commands;
using Orchestrator.Node.Kinds;
using Orchestrator.Node.Tests.Support;

namespace Orchestrator.Node.Tests;

/// <summary>The volume kind: a directory guarded by a lock file, and (as root) a real loop mount of an ext4 image.</summary>
public sealed class VolumeKindTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly ScratchDirectory _dir = new();
    private string? _mountpoint;

    [Fact]
    public async Task LockMode_StartIsIdempotent_AnotherNodeIsRefusedUnlessForced_AndOnlyTheHolderReleases()
    {
        var node1 = new VolumeKind(new NodeKindOptions { NodeName = "node1" });
        var node2 = new VolumeKind(new NodeKindOptions { NodeName = "node2" });
        var volume = Volume(("directory", _dir.Path));
        var lockFile = _dir.File(VolumeLock.FileName);

        Assert.Equal(OcfExit.NotRunning, (await node1.RunAsync(volume, ResourceVerb.Monitor, Timeout, CancellationToken.None)).Exit);
        Assert.True((await node1.RunAsync(volume, ResourceVerb.Start, Timeout, CancellationToken.None)).Succeeded);
        var held = await File.ReadAllTextAsync(lockFile);
        var again = await node1.RunAsync(volume, ResourceVerb.Start, Timeout, CancellationToken.None);
        Assert.Equal($"{_dir.Path} already locked by node1", again.Message);
        Assert.Equal(held, await File.ReadAllTextAsync(lockFile));
        Assert.Equal($"node=node1\npid={Environment.ProcessId}\n", held);
        Assert.Equal(OcfExit.Success, (await node1.RunAsync(volume, ResourceVerb.Monitor, Timeout, CancellationToken.None)).Exit);

        var refused = await node2.RunAsync(volume, ResourceVerb.Start, Timeout, CancellationToken.None);
        Assert.Equal(OcfExit.GenericError, refused.Exit);
        Assert.Contains("locked by node node1", refused.Message, StringComparison.Ordinal);
        Assert.Contains("force=true", refused.Message, StringComparison.Ordinal);
        Assert.Equal(held, await File.ReadAllTextAsync(lockFile));
        Assert.Equal(OcfExit.NotRunning, (await node2.RunAsync(volume, ResourceVerb.Monitor, Timeout, CancellationToken.None)).Exit);
        Assert.Contains("not by node2", (await node2.RunAsync(volume, ResourceVerb.Stop, Timeout, CancellationToken.None)).Message, StringComparison.Ordinal);
        Assert.True(File.Exists(lockFile));

        var forced = Volume(("directory", _dir.Path), ("force", "true"));
        Assert.Contains("taken over by node2 from node1", (await node2.RunAsync(forced, ResourceVerb.Start, Timeout, CancellationToken.None)).Message, StringComparison.Ordinal);
        Assert.Equal(OcfExit.NotRunning, (await node1.RunAsync(volume, ResourceVerb.Monitor, Timeout, CancellationToken.None)).Exit);
        Assert.True((await node1.RunAsync(volume, ResourceVerb.Stop, Timeout, CancellationToken.None)).Succeeded);
        Assert.True(File.Exists(lockFile));

        Assert.Equal($"{_dir.Path} unlocked by node2", (await node2.RunAsync(volume, ResourceVerb.Stop, Timeout, CancellationToken.None)).Message);
        Assert.False(File.Exists(lockFile));
        Assert.Equal($"{_dir.Path} already unlocked", (await node2.RunAsync(volume, ResourceVerb.Stop, Timeout, CancellationToken.None)).Message);
    }

    [Fact]
    public async Task LockMode_AMissingDirectory_IsNotConfiguredAtStart_AndAnErrorAtMonitor_AndMountModeNamesAMissingParameter()
    {
        var kind = new VolumeKind(new NodeKindOptions { NodeName = "node1" });

        var missing = await kind.RunAsync(Volume(("directory", _dir.File("absent"))), ResourceVerb.Start, Timeout, CancellationToken.None);
        var noMountpoint = await kind.RunAsync(Volume(("device", "/dev/null")), ResourceVerb.Start, Timeout, CancellationToken.None);

        var monitor = await kind.RunAsync(Volume(("directory", _dir.File("absent"))), ResourceVerb.Monitor, Timeout, CancellationToken.None);

        Assert.Equal(OcfExit.NotConfigured, missing.Exit);
        Assert.Equal(OcfExit.GenericError, monitor.Exit);
        Assert.Equal((OcfExit.NotConfigured, "volume resource mail-volume: parameter 'mountpoint' is missing: add it"), (noMountpoint.Exit, noMountpoint.Message));
        Assert.False(Directory.Exists(_dir.File("absent")));
    }

    [SkippableFact]
    public async Task MountMode_LoopMountsAnExt4Image_Idempotently_AndUnmountsIt()
    {
        Skip.IfNot(Environment.UserName == "root", "a loop mount needs root");
        Skip.If(CommandRunner.Find("mkfs.ext4") is null || CommandRunner.Find("findmnt") is null, "mkfs.ext4 or findmnt missing: install Debian's e2fsprogs and util-linux");
        var runner = new CommandRunner();
        var image = _dir.File("volume.img");
        Assert.True((await runner.RunAsync(new ExternalCommand("truncate", ["-s", "8M", image]), Timeout, CancellationToken.None)).Succeeded);
        Assert.True((await runner.RunAsync(new ExternalCommand("mkfs.ext4", ["-F", "-q", image]), Timeout, CancellationToken.None)).Succeeded);
        _mountpoint = _dir.File("mnt");
        var kind = new VolumeKind(new NodeKindOptions());
        var volume = Volume(("device", image), ("mountpoint", _mountpoint), ("fstype", "ext4"));

        Assert.Equal(OcfExit.NotRunning, (await kind.RunAsync(volume, ResourceVerb.Monitor, Timeout, CancellationToken.None)).Exit);
        var start = await kind.RunAsync(volume, ResourceVerb.Start, Timeout, CancellationToken.None);
        Assert.True(start.Succeeded, start.Message);
        Assert.Contains("already mounted", (await kind.RunAsync(volume, ResourceVerb.Start, Timeout, CancellationToken.None)).Message, StringComparison.Ordinal);
        var monitor = await kind.RunAsync(volume, ResourceVerb.Monitor, Timeout, CancellationToken.None);
        Assert.Equal(OcfExit.Success, monitor.Exit);
        Assert.Contains("/dev/loop", monitor.Message, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(_mountpoint, "lost+found")), "the ext4 file system is not what is seen at the mount point");
        await File.WriteAllTextAsync(Path.Combine(_mountpoint, "mail"), "kept on the volume");

        Assert.Equal($"{image} on {_mountpoint} unmounted", (await kind.RunAsync(volume, ResourceVerb.Stop, Timeout, CancellationToken.None)).Message);
        Assert.False(File.Exists(Path.Combine(_mountpoint, "mail")));
        Assert.Equal(OcfExit.NotRunning, (await kind.RunAsync(volume, ResourceVerb.Monitor, Timeout, CancellationToken.None)).Exit);
        Assert.Contains("already unmounted", (await kind.RunAsync(volume, ResourceVerb.Stop, Timeout, CancellationToken.None)).Message, StringComparison.Ordinal);
        var loops = await runner.RunAsync(new ExternalCommand("losetup", ["-j", image]), Timeout, CancellationToken.None);
        Assert.Equal("", loops.StandardOutput);

        Assert.True((await kind.RunAsync(volume, ResourceVerb.Start, Timeout, CancellationToken.None)).Succeeded);
        Assert.Equal("kept on the volume", await File.ReadAllTextAsync(Path.Combine(_mountpoint, "mail")));
        Assert.True((await kind.RunAsync(volume, ResourceVerb.Stop, Timeout, CancellationToken.None)).Succeeded);
    }

    private static ResourceSpec Volume(params (string Name, string Value)[] parameters) =>
        new("volume", "mail-volume", new Dictionary<string, string>(parameters.Select(p => KeyValuePair.Create(p.Name, p.Value))));

    public void Dispose()
    {
        if (_mountpoint is not null)
        {
            // A failed test may leave it mounted: unmount (and detach its loop device) before deleting the directory.
            _ = new CommandRunner().RunAsync(new ExternalCommand("umount", [_mountpoint]), TimeSpan.FromSeconds(10), CancellationToken.None).GetAwaiter().GetResult();
        }

        _dir.Dispose();
    }
}
