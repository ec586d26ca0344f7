namespace Orchestrator.Testing;

/// <summary>
/// S15: the directory account the test fixtures set with the real `credentials set` (password piped on standard input)
/// after a data directory's first `cluster apply`, since every move needs usable directory credentials.
/// </summary>
public static class TestDirectoryAccount
{
    public const string User = @"TEST\orchestrator";

    /// <summary>Distinctive, so a test can grep every output and file for it.</summary>
    public const string Password = "Test-Directory-Pw-4b1d";

    /// <summary>The arguments of the `credentials set` the fixtures run (the password goes on standard input).</summary>
    public static string[] SetArguments => ["credentials", "set", "--user", User];

    /// <summary>Whether <paramref name="arguments"/> are a `cluster apply` that changes the data directory (not a dry run).</summary>
    public static bool IsApply(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var cluster = arguments.ToList().IndexOf("cluster");
        return cluster >= 0 && cluster + 1 < arguments.Count && arguments[cluster + 1] == "apply" && !arguments.Contains("--dry-run");
    }
}
