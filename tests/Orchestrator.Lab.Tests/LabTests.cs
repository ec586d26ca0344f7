using Orchestrator.Testing.Lab;

namespace Orchestrator.Lab.Tests;

/// <summary>What the lab tests need besides the lab's own programs.</summary>
internal static class LabTests
{
    /// <summary>Why the tests that ping cannot run (ping missing), or null.</summary>
    public static string? MissingPing { get; } =
        File.Exists("/usr/bin/ping") || File.Exists("/bin/ping") ? null : "ping not found: install Debian's iputils-ping (.ci/run does, as root)";
}
