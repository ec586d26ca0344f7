using Orchestrator.Engine.Errors;
using Orchestrator.Host.Web;
using Orchestrator.Host.Web.Security;

namespace Orchestrator.Dashboard.Tests;

/// <summary>Where the dashboard may listen, and how its secrets are kept.</summary>
public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:5080", true)]
    [InlineData("127.0.0.2:80", true)]
    [InlineData("localhost:5080", true)]
    [InlineData("[::1]:5080", true)]
    [InlineData("0.0.0.0:5080", false)]
    [InlineData("*:5080", false)]
    [InlineData("10.0.0.11:5080", false)]
    [InlineData("[::]:0", false)]
    public void Only_loopback_addresses_count_as_loopback(string text, bool loopback) =>
        Assert.Equal(loopback, ListenAddress.Parse(text).IsLoopback);

    [Theory]
    [InlineData("5080")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:http")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("::1:5080")]
    [InlineData("mail.example.com:5080")]
    public void A_malformed_address_is_refused_with_the_default_as_an_example(string text)
    {
        var e = Assert.Throws<BadInputException>(() => ListenAddress.Parse(text));
        Assert.Contains("127.0.0.1:5080", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_credentials_file_holds_hashes_only_and_they_check_out()
    {
        var dir = Path.Combine(Path.GetTempPath(), "orchestrator-dashboard-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var store = new DashboardCredentialStore(dir);
            Assert.Null(store.Load());
            store.SetPassword("anna", "s3cret-enough");
            var token = store.CreateToken();
            var text = File.ReadAllText(store.FilePath);
            Assert.DoesNotContain("s3cret-enough", text, StringComparison.Ordinal);
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
            Assert.Contains("PBKDF2-SHA256", text, StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
            }

            var credentials = store.Load()!;
            Assert.True(SecretHasher.PasswordMatches(credentials, "anna", "s3cret-enough"));
            Assert.False(SecretHasher.PasswordMatches(credentials, "anna", "s3cret-enougH"));
            Assert.False(SecretHasher.PasswordMatches(credentials, "bob", "s3cret-enough"));
            Assert.True(SecretHasher.TokenMatches(credentials, token));
            Assert.False(SecretHasher.TokenMatches(credentials, token + "x"));

            Assert.Throws<BadInputException>(() => DashboardAccessRule.EnsureMayStart(ListenAddress.Parse("0.0.0.0:1"), new DashboardCredentialStore(dir + "-empty")));
            DashboardAccessRule.EnsureMayStart(ListenAddress.Parse("0.0.0.0:1"), store);
            DashboardAccessRule.EnsureMayStart(ListenAddress.Parse("127.0.0.1:1"), new DashboardCredentialStore(dir + "-empty"));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
