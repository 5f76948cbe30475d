using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Signing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paperclip.Core.Secrets;

namespace Paperclip.Secrets.Aws;

/// <summary>
/// AWS Secrets Manager over its JSON 1.1 protocol (<c>X-Amz-Target: secretsmanager.&lt;Action&gt;</c>), signed with
/// AWSSDK.Core's SigV4 signer. Credentials come from the SDK's default chain, resolved once and cached (the SDK
/// refreshes expiring ones). Every failure becomes a <see cref="SecretProviderException"/> with a safe message; only
/// the AWS error code is logged.
/// </summary>
public sealed class SecretsManagerClient : IDisposable
{
    const string Service = "secretsmanager";
    const string Label = "AWS Secrets Manager";
    static readonly MediaTypeHeaderValue JsonType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");

    readonly HttpClient http;
    readonly IOptions<AwsSecretsOptions> options;
    readonly ILogger<SecretsManagerClient> logger;
    Lazy<Task<AWSCredentials>> credentials;

    /// <summary>Creates the client; <paramref name="handler"/> replaces the HTTP transport (null for the default).</summary>
    public SecretsManagerClient(IOptions<AwsSecretsOptions> options, ILogger<SecretsManagerClient> logger, HttpMessageHandler? handler = null)
    {
        this.options = options;
        this.logger = logger;
        this.http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        this.http.Timeout = Timeout.InfiniteTimeSpan; // Each request has its own bounded timeout.
        this.credentials = new Lazy<Task<AWSCredentials>>(ResolveCredentialsAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>How many calls of each action were sent (for diagnostics and the benchmark).</summary>
    public IReadOnlyDictionary<string, int> Calls => this.calls;

    readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> calls = new(StringComparer.Ordinal);

    /// <summary>Sends one action; returns the response document.</summary>
    public async Task<JsonElement> SendAsync(AwsScope scope, string action, JsonObject body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(body);
        byte[] content = Encoding.UTF8.GetBytes(body.ToJsonString());
        AWSCredentials creds;
        try
        {
            creds = await this.credentials.Value.ConfigureAwait(false);
        }
        catch (AmazonClientException)
        {
            // Not cached: credentials may appear later (a role attached, a profile written).
            this.credentials = new Lazy<Task<AWSCredentials>>(ResolveCredentialsAsync, LazyThreadSafetyMode.ExecutionAndPublication);
            Log.AwsRequestFailed(this.logger, action, "CredentialsUnavailable");
            throw new SecretProviderException(ProviderErrorKind.AccessDenied, Label, action);
        }

        IDictionary<string, string> signed = await SignAsync(scope.Endpoint, scope.Region, Service, content,
            new Dictionary<string, string> { ["Content-Type"] = JsonType.ToString(), ["X-Amz-Target"] = $"{Service}.{action}" }, creds, null, cancellationToken).ConfigureAwait(false);

        using HttpRequestMessage request = new(HttpMethod.Post, scope.Endpoint) { Content = new ByteArrayContent(content) };
        request.Content.Headers.ContentType = JsonType;
        request.Headers.TryAddWithoutValidation("X-Amz-Target", $"{Service}.{action}");
        foreach ((string name, string value) in signed)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        this.calls.AddOrUpdate(action, 1, (_, n) => n + 1);
        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(this.options.Value.RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await this.http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.AwsRequestFailed(this.logger, action, ex is OperationCanceledException ? "Timeout" : "NetworkError");
            throw new SecretProviderException(ProviderErrorKind.Unavailable, Label, action);
        }

        using (response)
        {
            string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            JsonElement document = text.Length == 0 ? default : ParseOrDefault(text);
            if (response.IsSuccessStatusCode)
            {
                return document;
            }

            // Only a JSON body names an AWS error; anything else (XML, empty, garbage) leaves the status to speak.
            string? code = Member(document, "__type") ?? Member(document, "code") ?? Member(document, "Code");
            string? message = Member(document, "message") ?? Member(document, "Message");
            code = code is not null && code.Contains('#', StringComparison.Ordinal) ? code[(code.LastIndexOf('#') + 1)..] : code;
            int status = (int)response.StatusCode;

            // The code is safe to log; the message may name ARNs or principals, so it never leaves this method.
            Log.AwsRequestFailed(this.logger, action, code ?? $"HTTP {status}");
            throw new SecretProviderException(AwsErrorClassifier.Classify(status, code, message), Label, action);
        }
    }

    /// <summary>
    /// Signs a request with AWSSDK.Core's SigV4 signer (the payload hash signed too) and returns the headers to add:
    /// <c>Authorization</c>, <c>X-Amz-Date</c>, <c>X-Amz-Content-SHA256</c> and, for temporary credentials, the token.
    /// <paramref name="signedAt"/> fixes the clock (for test vectors).
    /// </summary>
    public static async Task<IDictionary<string, string>> SignAsync(Uri uri, string region, string service, byte[]? content, IReadOnlyDictionary<string, string> headers,
        AWSCredentials credentials, DateTime? signedAt, CancellationToken cancellationToken, HttpMethod? method = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        AWSSigningRequest signing = new() { HttpMethod = method ?? HttpMethod.Post, RequestUri = uri, Content = content };
        foreach ((string name, string value) in headers)
        {
            signing.Headers[name] = value;
        }

        AWSSigningResult signed = await AWSSigV4Signer.SignAsync(signing, new AWSSigV4Parameters
        {
            Credentials = credentials,
            Region = RegionEndpoint.GetBySystemName(region),
            Service = service,
            SignPayload = true,
            SignedAt = signedAt,
        }, cancellationToken).ConfigureAwait(false);
        return signed.Headers;
    }

    /// <summary>The credential sources the SDK's chain can see from here (names only), for the health check.</summary>
    public static IReadOnlyList<string> DetectedCredentialSources()
    {
        List<string> sources = [];
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_PROFILE")) || File.Exists(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".aws", "credentials")))
        {
            sources.Add("AWS_PROFILE/shared config");
        }

        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID")))
        {
            sources.Add(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN"))
                ? "static AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY environment credentials"
                : "temporary AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY environment credentials");
        }

        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_WEB_IDENTITY_TOKEN_FILE")))
        {
            sources.Add("AWS web identity token");
        }

        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_CONTAINER_CREDENTIALS_FULL_URI")))
        {
            sources.Add("AWS container credentials endpoint");
        }

        return sources;
    }

    /// <inheritdoc/>
    public void Dispose() => this.http.Dispose();

    static async Task<AWSCredentials> ResolveCredentialsAsync()
    {
        AWSCredentials resolved = await new DefaultAWSCredentialsIdentityResolver().ResolveIdentityAsync(null!, CancellationToken.None).ConfigureAwait(false);
        return resolved ?? throw new AmazonClientException("AWS SDK default credential provider chain did not return credentials");
    }

    static JsonElement ParseOrDefault(string text)
    {
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    static string? Member(JsonElement document, string name) =>
        document.ValueKind == JsonValueKind.Object && document.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
