using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Orchestrator.Host.Credentials;

/// <summary>
/// Encrypts the directory password (S15) with ASP.NET Core Data Protection whose key ring lives OUTSIDE the database:
/// <c>keys/</c> in the data directory (mode 0700, its files 0600), or the directory named by
/// <c>ORCHESTRATOR_KEYS_DIR</c>. The database alone cannot decrypt; a backup needs the database and this directory.
/// Reading never creates a key ring: without one the password is reported undecryptable, not re-keyed.
/// </summary>
public sealed class DirectoryCredentialProtector
{
    /// <summary>The environment variable naming another key ring directory.</summary>
    public const string KeysDirectoryVariable = "ORCHESTRATOR_KEYS_DIR";

    private const string ApplicationName = "Orchestrator";
    private const string Purpose = "Orchestrator.DirectoryCredentials.v1";
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public DirectoryCredentialProtector(string keysDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keysDirectory);
        KeysDirectory = Path.GetFullPath(keysDirectory);
    }

    /// <summary>The key ring directory.</summary>
    public string KeysDirectory { get; }

    /// <summary>The key ring of <paramref name="dataDirectory"/>: <c>ORCHESTRATOR_KEYS_DIR</c> when set, else its <c>keys</c> directory.</summary>
    public static DirectoryCredentialProtector ForDataDirectory(string dataDirectory) =>
        new(System.Environment.GetEnvironmentVariable(KeysDirectoryVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetFullPath(dataDirectory), "keys"));

    /// <summary>Whether the key ring directory holds at least one key.</summary>
    public bool KeyRingPresent => Directory.Exists(KeysDirectory) && Directory.EnumerateFiles(KeysDirectory, "key-*.xml").Any();

    /// <summary>The ciphertext of <paramref name="password"/> (creating the key ring, owner-only, when there is none).</summary>
    public string Protect(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(KeysDirectory);
        }
        else
        {
            Directory.CreateDirectory(KeysDirectory, DirectoryMode);
            File.SetUnixFileMode(KeysDirectory, DirectoryMode);
        }

        var ciphertext = CreateProtector().Protect(password);
        if (!OperatingSystem.IsWindows())
        {
            foreach (var file in Directory.EnumerateFiles(KeysDirectory))
            {
                File.SetUnixFileMode(file, FileMode);
            }
        }

        return ciphertext;
    }

    /// <summary>
    /// The password of <paramref name="ciphertext"/>, or null when it cannot be decrypted (no key ring, or not the keys it
    /// was encrypted with). Never creates a key ring; the reason is never in an exception carrying the text.
    /// </summary>
    public string? TryUnprotect(string ciphertext)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        if (!KeyRingPresent)
        {
            return null;
        }

        try
        {
            return CreateProtector().Unprotect(ciphertext);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private IDataProtector CreateProtector() =>
        DataProtectionProvider.Create(new DirectoryInfo(KeysDirectory), b => b.SetApplicationName(ApplicationName)).CreateProtector(Purpose);
}
