namespace Orchestrator.Workflows.Tests;

/// <summary>Finds the checkout (the folder holding Orchestrator.sln) from the test's output directory.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Orchestrator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Orchestrator.sln not found above " + AppContext.BaseDirectory);
    }
}
