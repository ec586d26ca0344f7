namespace Orchestrator.Storage.Credentials;

/// <summary>
/// The directory account used during failover (S15) as stored: the user (DOMAIN\user) in the clear, the password only
/// as Data Protection ciphertext (never the password itself), when it was set and by whom.
/// </summary>
public sealed record DirectoryCredentials(string User, string ProtectedPassword, DateTimeOffset SetAt, string SetBy)
{
    /// <summary>Never prints the ciphertext (a record's generated text would).</summary>
    public override string ToString() => $"{User} (set {SetAt:O} by {SetBy})";
}
