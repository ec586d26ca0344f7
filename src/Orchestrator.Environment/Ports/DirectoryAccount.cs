namespace Orchestrator.Environment.Ports;

/// <summary>
/// S15: the directory account a directory change is made with (DOMAIN\user and its decrypted password), handed to
/// <see cref="IDirectoryControl"/> at the moment of the change and kept nowhere else. Its text is the user only: the
/// password never reaches a log line, a note, an exception or a snapshot through it.
/// </summary>
public sealed class DirectoryAccount
{
    public DirectoryAccount(string user, string password)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        ArgumentException.ThrowIfNullOrEmpty(password);
        User = user;
        Password = password;
    }

    /// <summary>DOMAIN\user.</summary>
    public string User { get; }

    /// <summary>The password, for the directory's bind only.</summary>
    public string Password { get; }

    /// <summary>The user only, never the password.</summary>
    public override string ToString() => User;
}
