using System.Security.Cryptography;
using System.Text;

namespace Paperclip.Ssh.Tests;

/// <summary>The environment's own known_hosts text, in OpenSSH's format.</summary>
public sealed class KnownHostsTests
{
    static readonly byte[] Key = Blob("ssh-ed25519", 1);
    static readonly byte[] Other = Blob("ssh-ed25519", 2);

    static byte[] Blob(string type, byte fill)
    {
        byte[] name = Encoding.ASCII.GetBytes(type);
        byte[] blob = new byte[4 + name.Length + 36];
        blob[3] = (byte)name.Length;
        name.CopyTo(blob, 4);
        blob.AsSpan(4 + name.Length).Fill(fill);
        return blob;
    }

    static string B64(byte[] key) => Convert.ToBase64String(key);

    [Fact]
    public void APinnedLine_IsKnown_AnotherKeyForTheHostIsAMismatch_AndNoLineIsUnknown()
    {
        string text = $"# pinned\n[10.0.0.5]:2222 ssh-ed25519 {B64(Key)}\nother.example ssh-ed25519 {B64(Other)}\n";

        Assert.Equal(HostKeyVerdict.Known, KnownHosts.Check(text, "10.0.0.5", 2222, Key).Verdict);
        (HostKeyVerdict verdict, IReadOnlyList<string> expected) = KnownHosts.Check(text, "10.0.0.5", 2222, Other);
        Assert.Equal(HostKeyVerdict.Mismatch, verdict);
        Assert.Equal([KnownHosts.Fingerprint(Key)], expected);
        Assert.Equal(HostKeyVerdict.Unknown, KnownHosts.Check(text, "10.0.0.5", 22, Key).Verdict);
        Assert.Equal(HostKeyVerdict.Unknown, KnownHosts.Check(null, "10.0.0.5", 2222, Key).Verdict);
    }

    [Fact]
    public void Port22_IsWrittenBare_NamesMatchCaseInsensitively_InACommaList()
    {
        string line = KnownHosts.Line("Build.Example", 22, Key);
        Assert.Equal($"Build.Example ssh-ed25519 {B64(Key)}", line);
        Assert.Equal(HostKeyVerdict.Known, KnownHosts.Check($"alias,build.example {line.Split(' ', 2)[1]}", "BUILD.example", 22, Key).Verdict);
    }

    [Fact]
    public void AHashedName_Matches_AndARevokedKeyIsNeverTrusted()
    {
        byte[] salt = RandomNumberGenerator.GetBytes(20);
#pragma warning disable CA5350 // OpenSSH's hashed-name format is HMAC-SHA1.
        byte[] hash = HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes("[127.0.0.1]:2200"));
#pragma warning restore CA5350
        string hashed = $"|1|{B64(salt)}|{B64(hash)} ssh-ed25519 {B64(Key)}";

        Assert.Equal(HostKeyVerdict.Known, KnownHosts.Check(hashed, "127.0.0.1", 2200, Key).Verdict);
        Assert.Equal(HostKeyVerdict.Unknown, KnownHosts.Check(hashed, "127.0.0.1", 2201, Key).Verdict);
        Assert.Equal(HostKeyVerdict.Mismatch, KnownHosts.Check($"{hashed}\n@revoked [127.0.0.1]:2200 ssh-ed25519 {B64(Key)}", "127.0.0.1", 2200, Key).Verdict);
    }

    [Fact]
    public void Fingerprints_AreOpenSshs_AndTheTypeComesFromTheBlob()
    {
        Assert.Equal("SHA256:" + Convert.ToBase64String(SHA256.HashData(Key)).TrimEnd('='), KnownHosts.Fingerprint(Key));
        Assert.Equal("ssh-ed25519", KnownHosts.KeyType(Key));
        Assert.Equal("unknown", KnownHosts.KeyType([1, 2]));
    }

    [Theory]
    [InlineData("/srv/it's here", "'/srv/it'\\''s here'")]
    [InlineData("/plain", "'/plain'")]
    [InlineData("/$(reboot)`x`", "'/$(reboot)`x`'")]
    public void RemotePaths_AreOneQuotedWord(string path, string quoted) => Assert.Equal(quoted, RemoteShell.Quote(path));
}
