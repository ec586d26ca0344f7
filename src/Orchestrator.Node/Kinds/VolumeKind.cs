using Orchestrator.Node.Commands;
using Orchestrator.Node.Ocf;

namespace Orchestrator.Node.Kinds;

/// <summary>
/// A volume (<c>volume</c>), in one of two modes. Mount: <c>device</c> (a block device, or an image file mounted with
/// <c>-o loop</c>) on <c>mountpoint</c>, optional <c>fstype</c> and <c>options</c>; monitor asks <c>findmnt</c>. Lock,
/// where mounting is impossible: <c>directory</c>, owned by the node that holds its <see cref="VolumeLock.FileName"/>
/// (see <see cref="VolumeLock"/>); another node's lock is taken over only with <c>force=true</c> (after fencing it).
/// </summary>
public sealed class VolumeKind(NodeKindOptions options) : IResourceKind
{
    internal static readonly OcfMetadata Metadata = new(
        "volume",
        [
            new OcfParameter("device", false, "string", null, "mount mode: a block device or an image file (mounted with -o loop)"),
            new OcfParameter("mountpoint", false, "string", null, "mount mode: where the device is mounted"),
            new OcfParameter("fstype", false, "string", null, "mount mode: the file system type (mount -t)"),
            new OcfParameter("options", false, "string", null, "mount mode: mount options (mount -o)"),
            new OcfParameter("directory", false, "string", null, "lock mode: the directory this node owns while it holds the lock file"),
            new OcfParameter("force", false, "boolean", "false", "lock mode: take over another node's lock (only after fencing it)"),
        ],
        ["start", "stop", "monitor", "meta-data"]);

    private readonly CommandRunner _runner = new(options.CommandPrefix);
    private readonly VolumeLock _lock = new(options.NodeName);

    public string Kind => "volume";

    public async Task<ResourceResult> RunAsync(ResourceSpec resource, ResourceVerb verb, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (verb == ResourceVerb.MetaData)
        {
            return new ResourceResult(OcfExit.Success, Metadata.ToXml());
        }

        if (resource.Optional("directory") is { } directory)
        {
            var force = resource.Optional("force") is "true" or "yes" or "1";
            return verb switch
            {
                ResourceVerb.Start => _lock.Take(directory, force),
                ResourceVerb.Stop => _lock.Release(directory),
                ResourceVerb.Monitor => _lock.Check(directory),
                _ => resource.Unimplemented(verb),
            };
        }

        if (resource.Optional("device") is not { } device)
        {
            return resource.Missing("device");
        }

        if (resource.Optional("mountpoint") is not { } mountpoint)
        {
            return resource.Missing("mountpoint");
        }

        var deadline = Deadline.After(timeout);
        var mounted = await _runner.RunAsync(new ExternalCommand("findmnt", ["-n", "-o", "SOURCE,FSTYPE", "--mountpoint", mountpoint]), timeout, cancellationToken)
            .ConfigureAwait(false);
        if (mounted.ExitCode is not (0 or 1))
        {
            return new ResourceResult(OcfExit.GenericError, $"findmnt --mountpoint {mountpoint} failed: {mounted.Describe()}");
        }

        var isMounted = mounted.ExitCode == 0;
        var what = $"{device} on {mountpoint}";
        switch (verb)
        {
            case ResourceVerb.Monitor:
                return isMounted
                    ? new ResourceResult(OcfExit.Success, $"{what} is mounted ({mounted.OneLine()})")
                    : new ResourceResult(OcfExit.NotRunning, $"{what} is not mounted");
            case ResourceVerb.Start when isMounted:
                return new ResourceResult(OcfExit.Success, $"{what} already mounted");
            case ResourceVerb.Start:
                Directory.CreateDirectory(mountpoint);
                var mount = await _runner.RunAsync(new ExternalCommand("mount", MountArguments(resource, device, mountpoint)), deadline.Left, cancellationToken)
                    .ConfigureAwait(false);
                return mount.Succeeded
                    ? new ResourceResult(OcfExit.Success, $"{what} mounted")
                    : new ResourceResult(OcfExit.GenericError, $"mount {what} failed: {mount.Describe()}");
            case ResourceVerb.Stop when !isMounted:
                return new ResourceResult(OcfExit.Success, $"{what} already unmounted");
            case ResourceVerb.Stop:
                var umount = await _runner.RunAsync(new ExternalCommand("umount", [mountpoint]), deadline.Left, cancellationToken).ConfigureAwait(false);
                if (!umount.Succeeded)
                {
                    return new ResourceResult(OcfExit.GenericError, $"umount {mountpoint} failed: {umount.Describe()}");
                }

                return IsImage(device) && await DetachLoopDevicesAsync(device, deadline, cancellationToken).ConfigureAwait(false) is { } detachFailure
                    ? new ResourceResult(OcfExit.GenericError, $"{what} unmounted, but its loop device stays attached: {detachFailure}")
                    : new ResourceResult(OcfExit.Success, $"{what} unmounted");
            default:
                return resource.Unimplemented(verb);
        }
    }

    private static List<string> MountArguments(ResourceSpec resource, string device, string mountpoint)
    {
        var arguments = new List<string>();
        if (resource.Optional("fstype") is { } fstype)
        {
            arguments.AddRange(["-t", fstype]);
        }

        // An image file (not a device node) is mounted through a loop device, which the stop detaches.
        var loop = IsImage(device);
        var mountOptions = string.Join(',', new[] { loop ? "loop" : null, resource.Optional("options") }.OfType<string>());
        if (mountOptions.Length > 0)
        {
            arguments.AddRange(["-o", mountOptions]);
        }

        arguments.AddRange([device, mountpoint]);
        return arguments;
    }

    private static bool IsImage(string device) => File.Exists(device) && !device.StartsWith("/dev/", StringComparison.Ordinal);

    private const int WaitRounds = 20;

    // A loop device set up by mount -o loop is detached by the kernel on umount, but newer kernels do it asynchronously:
    // wait a little for that, then detach what is still attached so the image is free for the node that mounts it next.
    private async Task<string?> DetachLoopDevicesAsync(string image, Deadline deadline, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var attached = await _runner.RunAsync(new ExternalCommand("losetup", ["-n", "-O", "NAME", "-j", image]), deadline.Left, cancellationToken)
                .ConfigureAwait(false);
            if (!attached.Succeeded)
            {
                return $"losetup -j {image} failed: {attached.Describe()}";
            }

            var devices = attached.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (devices.Length == 0)
            {
                return null;
            }

            if (attempt > WaitRounds)
            {
                return $"{string.Join(", ", devices)} still attached after losetup -d";
            }

            if (attempt < WaitRounds)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
                continue;
            }

            foreach (var loopDevice in devices)
            {
                await _runner.RunAsync(new ExternalCommand("losetup", ["-d", loopDevice]), deadline.Left, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
