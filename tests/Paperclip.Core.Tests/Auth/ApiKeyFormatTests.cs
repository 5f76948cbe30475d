using Paperclip.Core.Auth;

namespace Paperclip.Core.Tests.Auth;

public sealed class ApiKeyFormatTests
{
    [Fact]
    public void Create_RoundTripsAndVerifies()
    {
        Guid company = Guid.CreateVersion7();
        Guid keyId = Guid.CreateVersion7();
        (string key, byte[] salt, byte[] hash) = ApiKeyFormat.Create(company, keyId);

        Assert.True(ApiKeyFormat.TryParse(key, out Guid parsedCompany, out Guid parsedKey, out string secret));
        Assert.Equal(company, parsedCompany);
        Assert.Equal(keyId, parsedKey);
        Assert.True(ApiKeyFormat.Verify(salt, hash, secret));
        Assert.False(ApiKeyFormat.Verify(salt, hash, secret + "x"));
        Assert.DoesNotContain(secret, Convert.ToBase64String(hash), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SaltsEveryKey()
    {
        Guid company = Guid.CreateVersion7();
        (_, byte[] salt1, byte[] hash1) = ApiKeyFormat.Create(company, Guid.CreateVersion7());
        (_, byte[] salt2, byte[] hash2) = ApiKeyFormat.Create(company, Guid.CreateVersion7());
        Assert.NotEqual(salt1, salt2);
        Assert.NotEqual(hash1, hash2);
    }

    [Theory]
    [InlineData("")]
    [InlineData("pcak_")]
    [InlineData("pcbk_something")]
    [InlineData("pcak_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef_")]
    [InlineData("pcak_zz23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef_secret")]
    [InlineData("pcak_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdefXsecret")]
    public void TryParse_RejectsMalformedKeys(string key) =>
        Assert.False(ApiKeyFormat.TryParse(key, out _, out _, out _));
}
