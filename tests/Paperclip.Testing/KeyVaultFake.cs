using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Paperclip.Testing;

/// <summary>
/// A local HTTPS fake of the Key Vault secrets REST surface the product uses (set, get, update, delete, recover,
/// list; soft delete; challenge-based bearer auth), driven through the real <c>SecretClient</c>. Its self-signed
/// certificate is trusted only by <see cref="Transport"/>. Counts every value read.
/// </summary>
public sealed class KeyVaultFake : IAsyncLifetime
{
    /// <summary>The token <see cref="Credential"/> hands out and the fake accepts.</summary>
    public const string Token = "kv-fake-token";

    readonly ConcurrentDictionary<string, SecretEntry> secrets = new(StringComparer.OrdinalIgnoreCase);
    readonly ConcurrentDictionary<string, SecretEntry> deleted = new(StringComparer.OrdinalIgnoreCase);
    readonly object gate = new();
    WebApplication? app;
    X509Certificate2? certificate;
    int valueReads;

    /// <summary>The vault URI (<c>https://127.0.0.1:&lt;port&gt;/</c>).</summary>
    public Uri VaultUri { get; private set; } = null!;

    /// <summary>How many requests returned a secret's value.</summary>
    public int ValueReads => this.valueReads;

    /// <summary>A credential for <c>SecretClient</c> (answers the challenge with <see cref="Token"/>).</summary>
    public TokenCredential Credential { get; } = new StaticToken();

    /// <summary>An HTTP transport that trusts exactly this fake's certificate.</summary>
    public HttpPipelineTransport Transport => new HttpClientTransport(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert is not null && this.certificate is not null && cert.Thumbprint == this.certificate.Thumbprint,
    });

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        this.certificate = CreateCertificate();
        int port = SelfHostInstance.FreePort();
        this.VaultUri = new Uri($"https://127.0.0.1:{port}/");
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(this.certificate)));
        this.app = builder.Build();
        this.app.Run(this.HandleAsync);
        await this.app.StartAsync();
    }

    /// <summary>Adds a secret as an operator's own tooling would (no value read counted).</summary>
    public string Seed(string name, string value, bool managedByCertificate = false)
    {
        lock (this.gate)
        {
            SecretEntry entry = this.secrets.GetOrAdd(name, _ => new SecretEntry(name));
            return entry.Add(value, "text/plain", [], managedByCertificate).Version;
        }
    }

    /// <summary>The tags of a secret's current version, or null.</summary>
    public IReadOnlyDictionary<string, string>? TagsOf(string name) => this.secrets.TryGetValue(name, out SecretEntry? entry) ? entry.Current?.Tags : null;

    /// <summary>True when the secret exists in the deleted (recoverable) state.</summary>
    public bool IsDeleted(string name) => this.deleted.ContainsKey(name);

    /// <summary>The number of versions of a live secret.</summary>
    public int VersionCount(string name) => this.secrets.TryGetValue(name, out SecretEntry? entry) ? entry.Versions.Count : 0;

    /// <summary>Whether a version is enabled.</summary>
    public bool IsEnabled(string name, string version) => this.secrets[name].Versions.Single(v => v.Version == version).Enabled;

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (this.app is not null)
        {
            await this.app.StopAsync();
            await this.app.DisposeAsync();
        }

        this.certificate?.Dispose();
    }

    async Task HandleAsync(HttpContext http)
    {
        if (http.Request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            http.Response.StatusCode = 401;
            http.Response.Headers.WWWAuthenticate = "Bearer authorization=\"https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000\", resource=\"https://vault.azure.net\"";
            return;
        }

        string[] path = http.Request.Path.Value!.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string method = http.Request.Method;
        JsonObject? body = http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0 ? (JsonObject?)await JsonNode.ParseAsync(http.Request.Body) : null;
        (int status, JsonNode? answer) result;
        lock (this.gate)
        {
            result = (method, path) switch
            {
                ("GET", ["secrets"]) => this.List(http),
                ("PUT", ["secrets", var name]) => this.Set(name, body!),
                ("GET", ["secrets", var name]) => this.Get(name, null),
                ("GET", ["secrets", var name, var version]) => this.Get(name, version),
                ("PATCH", ["secrets", var name, var version]) => this.Update(name, version, body!),
                ("DELETE", ["secrets", var name]) => this.Delete(name),
                ("GET", ["deletedsecrets", var name]) => this.deleted.TryGetValue(name, out SecretEntry? gone) ? (200, this.DeletedBundle(gone)) : Error(404, "SecretNotFound"),
                ("POST", ["deletedsecrets", var name, "recover"]) => this.Recover(name),
                _ => Error(400, "BadParameter"),
            };
        }

        http.Response.StatusCode = result.status;
        if (result.answer is not null)
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(result.answer.ToJsonString());
        }
    }

    (int, JsonNode?) Set(string name, JsonObject body)
    {
        if (this.deleted.ContainsKey(name))
        {
            return (409, new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["code"] = "Conflict",
                    ["message"] = $"Secret {name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.",
                    ["innererror"] = new JsonObject { ["code"] = "ObjectIsDeletedButRecoverable" },
                },
            });
        }

        Dictionary<string, string> tags = body["tags"]?.AsObject().ToDictionary(t => t.Key, t => t.Value!.GetValue<string>()) ?? [];
        SecretVersionEntry version = this.secrets.GetOrAdd(name, _ => new SecretEntry(name)).Add(body["value"]!.GetValue<string>(), body["contentType"]?.GetValue<string>(), tags, false);
        Interlocked.Increment(ref this.valueReads); // A set answers with the value.
        return (200, this.Bundle(name, version, includeValue: true));
    }

    (int, JsonNode?) Get(string name, string? version)
    {
        if (!this.secrets.TryGetValue(name, out SecretEntry? entry))
        {
            return Error(404, "SecretNotFound");
        }

        SecretVersionEntry? found = version is null ? entry.Current : entry.Versions.FirstOrDefault(v => v.Version == version);
        if (found is null)
        {
            return Error(404, "SecretNotFound");
        }

        if (!found.Enabled)
        {
            return Error(403, "Forbidden", "SecretDisabled");
        }

        Interlocked.Increment(ref this.valueReads);
        return (200, this.Bundle(name, found, includeValue: true));
    }

    (int, JsonNode?) Update(string name, string version, JsonObject body)
    {
        SecretVersionEntry? found = this.secrets.TryGetValue(name, out SecretEntry? entry) ? entry.Versions.FirstOrDefault(v => v.Version == version) : null;
        if (found is null)
        {
            return Error(404, "SecretNotFound");
        }

        if (body["attributes"]?["enabled"] is JsonValue enabled)
        {
            found.Enabled = enabled.GetValue<bool>();
        }

        return (200, this.Bundle(name, found, includeValue: false));
    }

    (int, JsonNode?) Delete(string name)
    {
        if (!this.secrets.TryRemove(name, out SecretEntry? entry))
        {
            return Error(404, "SecretNotFound");
        }

        this.deleted[name] = entry;
        return (200, this.DeletedBundle(entry));
    }

    (int, JsonNode?) Recover(string name)
    {
        if (!this.deleted.TryRemove(name, out SecretEntry? entry))
        {
            return Error(404, "SecretNotFound");
        }

        this.secrets[name] = entry;
        return (200, this.Bundle(name, entry.Current!, includeValue: false));
    }

    (int, JsonNode?) List(HttpContext http)
    {
        int max = int.TryParse(http.Request.Query["maxresults"], out int m) ? Math.Clamp(m, 1, 25) : 25;
        int skip = int.TryParse(http.Request.Query["$skiptoken"], out int s) ? s : 0;
        List<SecretEntry> all = this.secrets.Values.OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase).ToList();
        JsonArray items = [];
        foreach (SecretEntry entry in all.Skip(skip).Take(max))
        {
            SecretVersionEntry current = entry.Current!;
            JsonObject item = new()
            {
                ["id"] = new Uri(this.VaultUri, $"secrets/{entry.Name}").ToString(),
                ["attributes"] = Attributes(current),
                ["tags"] = Tags(current),
            };
            if (current.ContentType is not null)
            {
                item["contentType"] = current.ContentType;
            }

            if (current.ManagedByCertificate)
            {
                item["managed"] = true;
            }

            items.Add(item);
        }

        JsonObject page = new() { ["value"] = items };
        if (skip + max < all.Count)
        {
            page["nextLink"] = new Uri(this.VaultUri, $"secrets?api-version={http.Request.Query["api-version"]}&$skiptoken={skip + max}&maxresults={max}").ToString();
        }

        return (200, page);
    }

    JsonObject Bundle(string name, SecretVersionEntry version, bool includeValue)
    {
        JsonObject bundle = new()
        {
            ["id"] = new Uri(this.VaultUri, $"secrets/{name}/{version.Version}").ToString(),
            ["attributes"] = Attributes(version),
            ["tags"] = Tags(version),
        };
        if (includeValue)
        {
            bundle["value"] = version.Value;
        }

        if (version.ContentType is not null)
        {
            bundle["contentType"] = version.ContentType;
        }

        return bundle;
    }

    JsonObject DeletedBundle(SecretEntry entry)
    {
        JsonObject bundle = this.Bundle(entry.Name, entry.Current!, includeValue: false);
        bundle["recoveryId"] = new Uri(this.VaultUri, $"deletedsecrets/{entry.Name}").ToString();
        bundle["deletedDate"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        bundle["scheduledPurgeDate"] = DateTimeOffset.UtcNow.AddDays(90).ToUnixTimeSeconds();
        return bundle;
    }

    static JsonObject Attributes(SecretVersionEntry version) => new()
    {
        ["enabled"] = version.Enabled,
        ["created"] = version.Created,
        ["updated"] = version.Created,
        ["recoveryLevel"] = "Recoverable+Purgeable",
        ["recoverableDays"] = 90,
    };

    static JsonObject Tags(SecretVersionEntry version) => new(version.Tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)JsonValue.Create(t.Value))));

    static (int, JsonNode?) Error(int status, string code, string? inner = null)
    {
        JsonObject error = new() { ["code"] = code, ["message"] = $"{code} (fake)" };
        if (inner is not null)
        {
            error["innererror"] = new JsonObject { ["code"] = inner };
        }

        return (status, new JsonObject { ["error"] = error });
    }

    static X509Certificate2 CreateCertificate()
    {
        using RSA key = RSA.Create(2048);
        CertificateRequest request = new("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        SubjectAlternativeNameBuilder san = new();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    sealed class SecretEntry(string name)
    {
        public string Name { get; } = name;

        public List<SecretVersionEntry> Versions { get; } = [];

        public SecretVersionEntry? Current => this.Versions.LastOrDefault();

        public SecretVersionEntry Add(string value, string? contentType, Dictionary<string, string> tags, bool managed)
        {
            SecretVersionEntry version = new(Guid.NewGuid().ToString("N"), value, contentType, tags, managed, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            this.Versions.Add(version);
            return version;
        }
    }

    sealed class SecretVersionEntry(string version, string value, string? contentType, Dictionary<string, string> tags, bool managed, long created)
    {
        public string Version { get; } = version;

        public string Value { get; } = value;

        public string? ContentType { get; } = contentType;

        public Dictionary<string, string> Tags { get; } = tags;

        public bool ManagedByCertificate { get; } = managed;

        public long Created { get; } = created;

        public bool Enabled { get; set; } = true;
    }

    sealed class StaticToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(Token, DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(this.GetToken(requestContext, cancellationToken));
    }
}
