using Microsoft.Extensions.Options;
using Paperclip.Secrets.Local;

namespace Paperclip.Secrets.Tests;

/// <summary>The local provider's key handling and encryption, on the real file system.</summary>
public sealed class LocalProviderTests : IDisposable
{
    readonly string directory = TestPaths.NewTempDirectory("local-secrets");

    public void Dispose() => TestPaths.TryDelete(this.directory);

    [Theory]
    [InlineData("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", true)]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", true)]
    [InlineData("exactly-thirty-two-characters!!!", true)]
    [InlineData("  000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f  ", true)]
    [InlineData("too short", false)]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd", false)]
    [InlineData("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1", false)]
    public void MasterKey_DecodesAsUpstream(string text, bool valid) => Assert.Equal(valid, LocalMasterKey.Decode(text) is { Length: 32 });

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void MasterKeyFile_IsCreated0600_ReusedAfterwards_AndRefusedWhenOthersCanReadIt()
    {
        string path = Path.Combine(this.directory, "secrets", "master.key");
        LocalMasterKey first = Key(path);
        first.EnsureLoaded();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(first.Fingerprint, Key(path).Fingerprint);

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        InvalidOperationException refused = Assert.Throws<InvalidOperationException>(() => Key(path).EnsureLoaded());
        Assert.Contains("chmod 600", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ciphertext_IsBoundToItsSecret_AndAWrongKeyFailsWithoutLeakingAnything()
    {
        LocalEncryptedSecretProvider provider = new(Key(Path.Combine(this.directory, "a.key")));
        Guid company = Guid.CreateVersion7(), secret = Guid.CreateVersion7();
        ProviderWrite written = await provider.CreateSecretAsync(new SecretWriteContext(company, secret, "k", "K", 1, null), new SecretValue("plaintext-value"), CancellationToken.None);
        ProviderWrite again = await provider.CreateSecretAsync(new SecretWriteContext(company, secret, "k", "K", 1, null), new SecretValue("plaintext-value"), CancellationToken.None);

        Assert.DoesNotContain("plaintext-value", written.Material, StringComparison.Ordinal);
        Assert.NotEqual(written.Material, again.Material); // a fresh nonce per version
        Assert.Equal("plaintext-value", (await provider.ResolveAsync(Read(company, secret, written), CancellationToken.None)).Reveal());

        // The same ciphertext on another secret does not decrypt (the secret id is associated data).
        PaperclipException moved = await Assert.ThrowsAsync<PaperclipException>(() => provider.ResolveAsync(Read(company, Guid.CreateVersion7(), written), CancellationToken.None));
        Assert.Equal("secret_decryption_failed", moved.Code);

        LocalEncryptedSecretProvider otherKey = new(Key(Path.Combine(this.directory, "b.key")));
        PaperclipException wrong = await Assert.ThrowsAsync<PaperclipException>(() => otherKey.ResolveAsync(Read(company, secret, written), CancellationToken.None));
        Assert.Contains("master key fingerprint", wrong.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("plaintext", wrong.ToString(), StringComparison.Ordinal);
    }

    static LocalMasterKey Key(string path) => new(Options.Create(new LocalSecretsOptions { MasterKeyFile = path }));

    static SecretReadContext Read(Guid company, Guid secret, ProviderWrite written) =>
        new(company, secret, "k", 1, SecretManagedMode.PaperclipManaged, written.Material, null, null, null);
}
