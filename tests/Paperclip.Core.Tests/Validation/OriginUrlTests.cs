using Paperclip.Core.Validation;

namespace Paperclip.Core.Tests.Validation;

public sealed class OriginUrlTests
{
    [Theory]
    [InlineData("https://vault.example.com", false, "https://vault.example.com")]
    [InlineData(" https://vault.example.com/ ", false, "https://vault.example.com")]
    [InlineData("HTTPS://VAULT.Example.com:8200", false, "https://vault.example.com:8200")]
    [InlineData("http://vault.example.com:80/", false, "http://vault.example.com")]
    [InlineData("http://10.0.0.5:8200", false, "http://10.0.0.5:8200")]
    [InlineData("https://acme.vault.azure.net/", true, "https://acme.vault.azure.net")]
    public void AnOrigin_IsNormalised(string text, bool httpsOnly, string origin) => Assert.Equal(origin, OriginUrl.Normalize(text, httpsOnly));

    [Theory]
    [InlineData("http://acme.vault.azure.net/", true)]
    [InlineData("https://user:pass@vault.example.com", false)]
    [InlineData("https://user@vault.example.com", false)]
    [InlineData("https://vault.example.com?token=x", false)]
    [InlineData("https://vault.example.com/?", false)]
    [InlineData("https://vault.example.com#t", false)]
    [InlineData("https://vault.example.com/v1", false)]
    [InlineData("https://vault.example.com\\v1", false)]
    [InlineData("https://vault.example.com/%2F", false)]
    [InlineData("https://vault.exa mple.com", false)]
    [InlineData("https://vault\n.example.com", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("//vault.example.com", false)]
    [InlineData("vault.example.com:8200", false)]
    [InlineData("https://vault.example.com:99999", false)]
    [InlineData("   ", false)]
    [InlineData(null, false)]
    public void AnythingMore_IsRefused(string? text, bool httpsOnly) => Assert.Null(OriginUrl.Normalize(text, httpsOnly));
}
