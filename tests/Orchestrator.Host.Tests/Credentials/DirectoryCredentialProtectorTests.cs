using System.Text;
using Orchestrator.Host.Credentials;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Credentials;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Host.Tests.Credentials;

/// <summary>Issue 16 point 6: the directory password encrypted with a key ring outside the database.</summary>
public sealed class DirectoryCredentialProtectorTests : IDisposable
{
    private const string Password = "Pa55-word-never-seen";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "orch-creds-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void TheCiphertext_DecryptsWithTheKeyRing_AndDoesNotHoldThePassword()
    {
        var protector = new DirectoryCredentialProtector(Path.Combine(_dir, "keys"));
        var ciphertext = protector.Protect(Password);

        Assert.DoesNotContain(Password, ciphertext, StringComparison.Ordinal);
        Assert.Equal(Password, protector.TryUnprotect(ciphertext));
        Assert.Equal(Password, new DirectoryCredentialProtector(Path.Combine(_dir, "keys")).TryUnprotect(ciphertext)); // another process, same keys
    }

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void TheKeyRing_IsOwnerOnly()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes");
        var protector = new DirectoryCredentialProtector(Path.Combine(_dir, "keys"));
        protector.Protect(Password);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(protector.KeysDirectory));
        var files = Directory.GetFiles(protector.KeysDirectory);
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
    }

    [Fact]
    public void WithoutTheKeyRing_NothingDecrypts_AndNoNewKeyRingIsMade()
    {
        var protector = new DirectoryCredentialProtector(Path.Combine(_dir, "keys"));
        var ciphertext = protector.Protect(Password);
        Directory.Delete(protector.KeysDirectory, recursive: true);

        Assert.Null(protector.TryUnprotect(ciphertext));
        Assert.False(Directory.Exists(protector.KeysDirectory));
    }

    [Fact]
    public void AnotherKeyRing_DoesNotDecrypt()
    {
        var ciphertext = new DirectoryCredentialProtector(Path.Combine(_dir, "keys")).Protect(Password);
        var other = new DirectoryCredentialProtector(Path.Combine(_dir, "other-keys"));
        other.Protect("something else");

        Assert.Null(other.TryUnprotect(ciphertext));
    }

    [Fact]
    public async Task TheCheck_IsUsableWithTheKeys_AndRefusedNamingTheKeysDirectoryWithout()
    {
        var database = new OrchestratorDatabase(_dir);
        database.EnsureCreated();
        var store = new SqliteDirectoryCredentialStore(database.Connections);
        var protector = new DirectoryCredentialProtector(Path.Combine(_dir, "keys"));
        var check = new DirectoryCredentialCheck(store, protector);
        Assert.False((await check.CheckAsync("failover of exch1", CancellationToken.None)).Usable); // nothing set yet

        var at = DateTimeOffset.UtcNow;
        await store.SetAsync(new DirectoryCredentials(@"EXCH\admin", protector.Protect(Password), at, "alice"),
            new NewAuditEntry(at, null, "credentials", null, null, null, "Set", "alice", @"directory credentials set for EXCH\admin"), CancellationToken.None);
        Assert.True((await check.CheckAsync("failover of exch1", CancellationToken.None)).Usable);

        Directory.Delete(protector.KeysDirectory, recursive: true);
        var refused = await check.CheckAsync("failover of exch1", CancellationToken.None);
        Assert.False(refused.Usable);
        Assert.Contains(protector.KeysDirectory, refused.Refusal, StringComparison.Ordinal);

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(_dir))
        {
            Assert.DoesNotContain(Password, Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file)), StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
