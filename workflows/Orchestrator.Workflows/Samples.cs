namespace Orchestrator.Workflows;

/// <summary>The sample cluster definitions of workflows/samples, embedded so `demo` runs from any directory.</summary>
public static class Samples
{
    public static string Read(string name)
    {
        using var stream = typeof(Samples).Assembly.GetManifestResourceStream($"samples/{name}.yaml")
            ?? throw new ArgumentException($"no embedded sample '{name}'", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
