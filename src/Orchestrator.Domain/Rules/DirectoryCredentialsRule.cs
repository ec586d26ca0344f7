namespace Orchestrator.Domain.Rules;

/// <summary>
/// Issue 16 point 6 (S15): the directory account used during failover is usable only when it is set and its password
/// decrypts with the key ring (kept outside the database). Anything else refuses the directory work before it starts,
/// naming the command that fixes it. A password that was not tried is not usable (never assumed good). Pure.
/// </summary>
public static class DirectoryCredentialsRule
{
    /// <summary>The command that sets the credentials, for <paramref name="user"/> when known.</summary>
    public static string FixCommand(string? user) =>
        $"orchestrator credentials set --user {user ?? @"DOMAIN\user"}";

    /// <summary>The verdict on <paramref name="observation"/>; <paramref name="purpose"/> says what needs them ("failover of exch1").</summary>
    public static DirectoryCredentialsVerdict Evaluate(DirectoryCredentialsObservation observation, string purpose)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.User is null)
        {
            return new(false, $"no directory credentials are set, and the {purpose} needs them to move mailbox users; run `{FixCommand(null)}` (the password is read from standard input)");
        }

        if (!observation.KeyRingPresent)
        {
            return new(false,
                $"the directory credentials of {observation.User} cannot be decrypted, and the {purpose} needs them: the key ring directory {observation.KeysDirectory} is missing or empty (the database alone cannot decrypt them); "
                + $"restore {observation.KeysDirectory} from the backup taken with the database, or run `{FixCommand(observation.User)}`");
        }

        return observation.Decrypted == true
            ? DirectoryCredentialsVerdict.Ok
            : new(false,
                $"the directory credentials of {observation.User} cannot be decrypted with the key ring in {observation.KeysDirectory} (not the keys they were encrypted with), and the {purpose} needs them; "
                + $"restore that directory from the backup taken with the database, or run `{FixCommand(observation.User)}`");
    }
}
