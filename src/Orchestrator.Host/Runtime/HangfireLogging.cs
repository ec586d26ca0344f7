using Hangfire;

namespace Orchestrator.Host.Runtime;

/// <summary>
/// Hangfire's log provider, set once per process. Left unset, Hangfire resolves one at every logger it asks for
/// (<c>LogProvider.GetLogger</c>: reflection, and a new Serilog provider whose expression trees are compiled again) —
/// and Hangfire.PostgreSql asks for one in every job it fetches, so a runner compiled dynamic methods per job (and its
/// finalizer thread reclaimed them). The provider is the one Hangfire resolved every time (Serilog's static logger), so
/// nothing changes in what is logged.
/// </summary>
internal static class HangfireLogging
{
    private static int _set;

    public static void UseOnce()
    {
        if (Interlocked.Exchange(ref _set, 1) == 0)
        {
            GlobalConfiguration.Configuration.UseSerilogLogProvider();
        }
    }
}
