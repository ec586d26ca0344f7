using System.Text;
using Orchestrator.Host.Logging;

namespace Orchestrator.Host.Tests.Logging;

/// <summary>
/// Two writers of one log file, each with its own handle opened in append mode (as `serve` and a CLI command each
/// open it): every event lands whole after the ones already in the file, none written over.
/// </summary>
public sealed class AppendUnderLockStreamTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"append-under-lock-{Guid.NewGuid():N}.log");

    private FileStream Open() => new(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);

    private static void Event(Stream stream, string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        stream.Write(bytes, 0, bytes.Length / 2); // an event may reach the stream in pieces; the flush ends it
        stream.Write(bytes, bytes.Length / 2, bytes.Length - bytes.Length / 2);
        stream.Flush();
    }

    [Fact]
    public void Events_of_two_writers_opened_at_different_ends_are_all_appended_whole_in_order()
    {
        using (var serve = new AppendUnderLockStream(Open()))
        {
            Event(serve, "serve 1");
            using (var cli = new AppendUnderLockStream(Open()))
            {
                Event(serve, "serve 2 (after the CLI opened the file)");
                Event(cli, "cli 1");
            }

            Event(serve, "serve 3");
        }

        Assert.Equal(["serve 1", "serve 2 (after the CLI opened the file)", "cli 1", "serve 3"], File.ReadAllLines(_path));
    }

    public void Dispose() => File.Delete(_path);
}
