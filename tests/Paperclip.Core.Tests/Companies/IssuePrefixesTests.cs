using Paperclip.Core.Services.Companies;

namespace Paperclip.Core.Tests.Companies;

public sealed class IssuePrefixesTests
{
    [Theory]
    [InlineData("Acme Robotics", "AR")]
    [InlineData("Paperclip", "PAP")]
    [InlineData("x", "XX")]
    [InlineData("the quick brown fox jumps", "TQBF")]
    [InlineData("Ünïcode Co", "NC")]
    [InlineData("123 !!!", "CO")]
    public void Derive_TakesInitialsOrFirstLetters(string name, string expected) =>
        Assert.Equal(expected, IssuePrefixes.Derive(name));

    [Theory]
    [InlineData(1, "AR")]
    [InlineData(2, "ARA")]
    [InlineData(27, "ARZ")]
    [InlineData(28, "ARAA")]
    public void WithSuffix_StaysLettersOnly(int attempt, string expected) =>
        Assert.Equal(expected, IssuePrefixes.WithSuffix("AR", attempt));
}
