using Amazon.Runtime;
using Paperclip.Secrets.Aws;

namespace Paperclip.Secrets.Tests;

/// <summary>
/// moto does not check signatures, so the signing is checked here against AWS's published Signature Version 4 examples
/// (Amazon S3 API reference, "Authenticating Requests: Using the Authorization Header", example credentials and time).
/// </summary>
public sealed class SigV4VectorTests
{
    static readonly BasicAWSCredentials Example = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    static readonly DateTime At = new(2013, 5, 24, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("https://examplebucket.s3.amazonaws.com/test.txt", "bytes=0-9", "host;range;x-amz-content-sha256;x-amz-date", "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")]
    [InlineData("https://examplebucket.s3.amazonaws.com/?lifecycle", null, "host;x-amz-content-sha256;x-amz-date", "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")]
    [InlineData("https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J", null, "host;x-amz-content-sha256;x-amz-date", "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")]
    public async Task Signing_MatchesAwsPublishedExamples(string uri, string? range, string signedHeaders, string signature)
    {
        Dictionary<string, string> headers = range is null ? [] : new() { ["Range"] = range };

        IDictionary<string, string> signed = await SecretsManagerClient.SignAsync(new Uri(uri), "us-east-1", "s3", null, headers, Example, At, CancellationToken.None, HttpMethod.Get);

        Assert.Equal($"AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}", signed["Authorization"]);
        Assert.Equal("20130524T000000Z", signed["X-Amz-Date"]);
    }

    [Fact]
    public async Task ASecretsManagerCall_SignsItsTargetAndContentType_AndThePayload()
    {
        byte[] body = "{\"SecretId\":\"x\"}"u8.ToArray();
        Dictionary<string, string> headers = new() { ["Content-Type"] = "application/x-amz-json-1.1", ["X-Amz-Target"] = "secretsmanager.GetSecretValue" };

        IDictionary<string, string> signed = await SecretsManagerClient.SignAsync(new Uri("https://secretsmanager.eu-west-1.amazonaws.com/"), "eu-west-1", "secretsmanager", body, headers, Example, At, CancellationToken.None);

        Assert.Contains("/20130524/eu-west-1/secretsmanager/aws4_request", signed["Authorization"], StringComparison.Ordinal);
        Assert.Contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target", signed["Authorization"], StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)), signed["X-Amz-Content-SHA256"]);
    }
}
