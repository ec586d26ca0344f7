using System.Collections.Concurrent;

namespace Orchestrator.Environment.World;

/// <summary>
/// S25: the public folders whose replica-list write is running in this process, ignoring case. A folder written by
/// two calls at once is marked twice and stays marked until both are done.
/// </summary>
internal sealed class FolderWriteMarks
{
    private readonly ConcurrentDictionary<string, int> running = new(StringComparer.OrdinalIgnoreCase);

    public void Mark(string folder) => running.AddOrUpdate(folder, 1, (_, count) => count + 1);

    public void Unmark(string folder)
    {
        while (running.TryGetValue(folder, out var count))
        {
            var done = count <= 1
                ? running.TryRemove(new KeyValuePair<string, int>(folder, count))
                : running.TryUpdate(folder, count - 1, count);
            if (done)
            {
                return;
            }
        }
    }

    public bool Contains(string folder) => running.ContainsKey(folder);
}
