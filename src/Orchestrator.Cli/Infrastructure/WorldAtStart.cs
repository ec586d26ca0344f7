using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Definitions;

namespace Orchestrator.Cli.Infrastructure;

/// <summary>
/// Issue 15: orchestrator.db and world.db cannot commit together, so every command that opens the stores first reconciles the
/// world with the stored definition when the world records another version (a `cluster apply` killed between its two files):
/// the same seeding the apply does (<see cref="WorldReconciler"/>). When the world is current this is two small reads.
/// </summary>
public static class WorldAtStart
{
    /// <summary>Reconciles, or disposes <paramref name="provider"/> and rethrows (the command then reports the error).</summary>
    public static ServiceProvider Reconciled(ServiceProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        try
        {
            provider.GetRequiredService<WorldReconciler>().ReconcileAtStartAsync(CancellationToken.None).GetAwaiter().GetResult();
            return provider;
        }
        catch
        {
            provider.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }
}
