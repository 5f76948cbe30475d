using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Paperclip.Secrets.Aws;

namespace Paperclip.Secrets.Tests;

/// <summary>
/// A failed AWS answer is classified by its status when its body names no AWS error (XML, empty, garbage, a gateway's
/// JSON): the real client against a real HTTP server answering each status × body shape.
/// </summary>
public sealed class AwsErrorStatusTests(HttpStub stub) : IClassFixture<HttpStub>
{
    [Theory]
    [MemberData(nameof(AwsErrorAnswers.Cases), MemberType = typeof(AwsErrorAnswers))]
    public async Task AFailedAnswer_IsClassifiedByItsStatus_WhateverItsBody(int status, string shape)
    {
        AwsTestCredentials.Use();
        IOptions<AwsSecretsOptions> options = Options.Create(new AwsSecretsOptions { Endpoint = stub.Endpoint });
        using SecretsManagerClient client = new(options, NullLogger<SecretsManagerClient>.Instance);
        AwsSecretsManagerProvider provider = new(client, options);
        SecretVault vault = new(Guid.NewGuid(), Guid.NewGuid(), SecretProviderIds.AwsSecretsManager, "Stubbed", VaultStatus.Ready, false,
            JsonSerializer.SerializeToElement(new { region = "us-east-1" }), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        (string? contentType, string body) = AwsErrorAnswers.Body(status, shape);
        stub.Answer(status, contentType, body);

        SecretProviderException error = await Assert.ThrowsAsync<SecretProviderException>(() => provider.ListRemoteAsync(vault, null, null, 10, CancellationToken.None));

        (string code, int answered) = AwsErrorAnswers.Expected[status];
        Assert.Equal((code, answered), (error.Code, error.Status));
        Assert.DoesNotContain(AwsErrorAnswers.AccountId, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("AWS Secrets Manager ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, "ValidationException", ProviderErrorKind.InvalidRequest)]
    [InlineData(400, "AccessDeniedException", ProviderErrorKind.AccessDenied)]
    [InlineData(400, "SomethingNewException", ProviderErrorKind.InvalidRequest)]
    [InlineData(403, "SomethingNewException", ProviderErrorKind.AccessDenied)]
    [InlineData(418, null, ProviderErrorKind.Error)]
    [InlineData(504, null, ProviderErrorKind.Unavailable)]
    public void AKnownCodeWins_AndAnUnknownOneFallsBackToTheStatus(int status, string? code, ProviderErrorKind expected) =>
        Assert.Equal(expected, AwsErrorClassifier.Classify(status, code, message: null));
}
