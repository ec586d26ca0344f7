using System.Runtime.Versioning;

namespace Orchestrator.Host.Logging;

/// <summary>
/// The stream Serilog's file sink writes one event into and then flushes: the event's bytes are kept until the flush,
/// then written in one go at the end of the file as it is now (another process may have appended since), under a
/// write lock on a byte far past any content (an OS record lock: across processes, sessions and users, released
/// when the process dies). Without it each process wrote at the end it had seen when it opened the file, over the
/// lines the others had appended since. Waits up to <see cref="LockWait"/> for a lock another process holds, then
/// writes anyway: a log line is not worth a hung command.
/// </summary>
public sealed class AppendUnderLockStream(FileStream file) : Stream
{
    /// <summary>The locked byte: never written, so the lock does not stand in the way of any write on systems with mandatory locks.</summary>
    private const long LockOffset = long.MaxValue - 1;

    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);

    private readonly MemoryStream _pending = new();

    /// <summary>.NET has no record locks on Apple systems and FreeBSD: there the event is appended at the current end all the same.</summary>
    [UnsupportedOSPlatformGuard("macos")]
    [UnsupportedOSPlatformGuard("ios")]
    [UnsupportedOSPlatformGuard("tvos")]
    [UnsupportedOSPlatformGuard("freebsd")]
    private static bool HasRecordLocks => !(OperatingSystem.IsMacOS() || OperatingSystem.IsIOS() || OperatingSystem.IsTvOS() || OperatingSystem.IsFreeBSD());

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => file.Length;

    public override long Position
    {
        get => file.Length;
        set => throw new NotSupportedException("the log is appended to, never positioned");
    }

    public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _pending.Write(buffer);

    public override void Flush()
    {
        if (_pending.Length == 0)
        {
            return;
        }

        var locked = TryLock();
        try
        {
            file.Seek(0, SeekOrigin.End);
            _pending.WriteTo(file);
            file.Flush();
        }
        finally
        {
            if (locked && HasRecordLocks)
            {
                file.Unlock(LockOffset, 1);
            }

            _pending.SetLength(0);
        }
    }

    private bool TryLock()
    {
        if (!HasRecordLocks)
        {
            return false;
        }

        var until = DateTime.UtcNow + LockWait;
        while (true)
        {
            try
            {
                file.Lock(LockOffset, 1);
                return true;
            }
            catch (IOException) when (DateTime.UtcNow < until)
            {
                Thread.Sleep(1); // another process is appending its event: a few microseconds
            }
            catch (IOException)
            {
                return false;
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
            file.Dispose();
            _pending.Dispose();
        }

        base.Dispose(disposing);
    }
}
