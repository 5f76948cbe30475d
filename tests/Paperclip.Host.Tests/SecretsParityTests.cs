using System.Net;
using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>
/// Upstream's secrets answers, case by case through the self-host's HTTP API: vault addresses that cannot carry a
/// credential, body checks before lookups, upstream's statuses for requests a provider can never satisfy, conflict ids
/// in import previews, AWS failures classified by status, and upstream's wording for refused secret references.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class SecretsParityTests(HostFixture fixture, MotoServer moto, HttpStub stub) : IClassFixture<MotoServer>, IClassFixture<HttpStub>
{
    const string VaultAddressMessage = "Vault address must be an origin-only HTTP(S) URL without credentials, path, query, or fragment";

    public static TheoryData<string> NonOriginAddresses => new()
    {
        "https://user:pass@vault.example.com",
        "https://:hvs.secret@vault.example.com",
        "https://vault.example.com?token=hvs.x",
        "https://vault.example.com/?token=hvs.x",
        "https://vault.example.com#token=hvs.x",
        "https://vault.example.com?client_token=hvs.y",
        "https://vault.example.com/v1/secret",
        "https://vault.example.com//",
        "https://vault.example.com\\@evil.example.com",
        "https://vault.example.com/%2e%2e",
        "https://vault.example.com:8200/ui/",
        "ftp://vault.example.com",
        "vault.example.com",
        "https://",
        "",
    };

    ApiClient Board => fixture.Host.Board;

    [Theory]
    [MemberData(nameof(NonOriginAddresses))]
    public async Task AVaultAddress_ThatIsNotAnOrigin_IsRefusedOnCreateAndOnPatch_AndNothingIsStored(string address)
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string vaults = $"api/companies/{company}/secret-provider-configs";

        JsonNode created = await this.RefusedAsync(HttpMethod.Post, vaults, new { provider = "vault", displayName = "HashiCorp", config = new { address } });
        Assert.Equal([VaultAddressMessage], created["errors"]!["config.address"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Empty((await this.Board.GetAsync(vaults)).AsArray());

        string id = (await this.Board.CreateAsync(vaults, new { provider = "vault", displayName = "HashiCorp", config = new { address = "https://vault.example.com" } }))["id"]!.GetValue<string>();
        JsonNode patched = await this.RefusedAsync(HttpMethod.Patch, $"{vaults}/{id}", new { config = new { address } });
        Assert.Equal([VaultAddressMessage], patched["errors"]!["config.address"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal("https://vault.example.com", (await this.Board.GetAsync($"{vaults}/{id}"))["config"]!["address"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("https://vault.example.com", "https://vault.example.com")]
    [InlineData("  HTTPS://Vault.Example.COM/  ", "https://vault.example.com")]
    [InlineData("http://127.0.0.1:8200/", "http://127.0.0.1:8200")]
    [InlineData("https://vault.example.com:443", "https://vault.example.com")]
    [InlineData("http://[::1]:8200", "http://[::1]:8200")]
    public async Task AVaultAddress_IsStoredAsItsOrigin(string address, string stored)
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string vaults = $"api/companies/{company}/secret-provider-configs";
        JsonNode created = await this.Board.CreateAsync(vaults, new { provider = "vault", displayName = "HashiCorp", config = new { address, mountPath = " secret " } });
        Assert.Equal((stored, "secret"), (created["config"]!["address"]!.GetValue<string>(), created["config"]!["mountPath"]!.GetValue<string>()));

        string id = created["id"]!.GetValue<string>();
        JsonNode patched = await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"{vaults}/{id}", new { config = new { address = address.ToUpperInvariant() } });
        Assert.Equal(stored, patched["config"]!["address"]!.GetValue<string>());
        Assert.Null(patched["config"]!["mountPath"]); // config is replaced whole, as upstream
    }

    [Fact]
    public async Task ComingSoonVaults_HoldOnlyUpstreamsSettings()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string vaults = $"api/companies/{company}/secret-provider-configs";
        JsonNode unknown = await this.RefusedAsync(HttpMethod.Post, vaults, new { provider = "vault", displayName = "HashiCorp", config = new { roleId = "r-1" } });
        Assert.Contains("config.roleId", unknown["errors"]!.AsObject().Select(e => e.Key));
        JsonNode token = await this.RefusedAsync(HttpMethod.Post, vaults, new { provider = "vault", displayName = "HashiCorp", config = new { address = "https://vault.example.com", token = "hvs.x" } });
        Assert.Equal("Provider vault config cannot persist sensitive field: token", token["errors"]!["config.token"]![0]!.GetValue<string>());
        Assert.DoesNotContain("hvs.x", token.ToJsonString(), StringComparison.Ordinal);
        await this.RefusedAsync(HttpMethod.Post, vaults, new { provider = "gcp_secret_manager", displayName = "G", config = new { projectId = "No Such Project" } });
        JsonNode gcp = await this.Board.CreateAsync(vaults, new { provider = "gcp_secret_manager", displayName = "G", config = new { projectId = "acme-prod", location = "europe-west1" } });
        Assert.Equal("acme-prod", gcp["config"]!["projectId"]!.GetValue<string>());
    }

    [Fact]
    public async Task APatch_IsCheckedBeforeTheVaultIsLookedUp()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string unknown = $"api/companies/{company}/secret-provider-configs/{Guid.NewGuid()}";

        // Wrong for every provider, so wrong whatever the vault is: 400 before any lookup.
        await this.RefusedAsync(HttpMethod.Patch, unknown, new { config = new { token = "hvs.x" } });
        JsonNode address = await this.RefusedAsync(HttpMethod.Patch, unknown, new { config = new { address = "https://u:p@vault.example.com" } });
        Assert.Equal(VaultAddressMessage, address["errors"]!["config.address"]![0]!.GetValue<string>());
        await this.RefusedAsync(HttpMethod.Patch, unknown, new { config = new { colour = "red" } });
        await this.RefusedAsync(HttpMethod.Patch, unknown, new { status = "sleeping" });
        await this.RefusedAsync(HttpMethod.Patch, unknown, new { config = "not an object" });

        // Right for some provider: only the vault can say more, and there is none.
        (HttpStatusCode status, JsonNode? body, _) = await this.Board.SendAsync(HttpMethod.Patch, unknown, new { config = new { region = "eu-west-1" } });
        Assert.True(status == HttpStatusCode.NotFound, body?.ToJsonString());
        Assert.Equal("Provider vault not found", body!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task AStatusTheProviderCannotHave_Is400_AsUpstream()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string vaults = $"api/companies/{company}/secret-provider-configs";
        foreach (string provider in new[] { "vault", "gcp_secret_manager" })
        {
            JsonNode ready = await this.RefusedAsync(HttpMethod.Post, vaults, new { provider, displayName = "Soon", status = "ready" }, "vault_coming_soon");
            Assert.Equal($"{provider} provider vaults are locked while coming soon", ready["detail"]!.GetValue<string>());
        }

        string draft = (await this.Board.CreateAsync(vaults, new { provider = "vault", displayName = "Draft" }))["id"]!.GetValue<string>();
        await this.RefusedAsync(HttpMethod.Patch, $"{vaults}/{draft}", new { status = "warning" }, "vault_coming_soon");
        JsonNode disabledDefault = await this.RefusedAsync(HttpMethod.Post, vaults, new { provider = "local_encrypted", displayName = "Off", status = "disabled", isDefault = true }, "vault_not_defaultable");
        Assert.Equal("Only ready or warning provider vaults can be default", disabledDefault["detail"]!.GetValue<string>());

        // Making a stored vault the default is about the vault as it is: 422, as upstream.
        string off = (await this.Board.CreateAsync(vaults, new { provider = "local_encrypted", displayName = "Off", status = "disabled" }))["id"]!.GetValue<string>();
        (HttpStatusCode status, JsonNode? body, _) = await this.Board.SendAsync(HttpMethod.Post, $"{vaults}/{off}/default", new { });
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "vault_not_defaultable"), (status, body!["code"]!.GetValue<string>()));
        Assert.DoesNotContain((await this.Board.GetAsync(vaults)).AsArray(), v => v!["displayName"]!.GetValue<string>() == "Soon");
    }

    [Fact]
    public async Task ARefusedSecretRef_SaysWhatUpstreamSays()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string other = await Scenario.CompanyAsync(this.Board, "Other Co");
        string theirs = (await this.Board.CreateAsync($"api/companies/{other}/secrets", new { name = "Theirs", value = "v-" + Guid.NewGuid() }))["id"]!.GetValue<string>();
        string theirsDeleted = (await this.Board.CreateAsync($"api/companies/{other}/secrets", new { name = "Gone", value = "v-" + Guid.NewGuid() }))["id"]!.GetValue<string>();
        await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Delete, $"api/companies/{other}/secrets/{theirsDeleted}");
        string ours = (await this.Board.CreateAsync($"api/companies/{company}/secrets", new { name = "Ours", value = "v-" + Guid.NewGuid() }))["id"]!.GetValue<string>();
        await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Delete, $"api/companies/{company}/secrets/{ours}");

        foreach ((string secretId, string message) in new[]
        {
            (theirs, "Secret must belong to same company"),
            (theirsDeleted, "Secret not found"),
            (ours, "Secret not found"),
            (Guid.NewGuid().ToString(), "Secret not found"),
        })
        {
            (HttpStatusCode status, JsonNode? body, _) = await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/agents", new
            {
                name = "borrower",
                adapterType = "process",
                adapterConfig = new { command = "true", env = new { TOKEN = new { type = "secret_ref", secretId } } },
            });
            Assert.True(status == HttpStatusCode.UnprocessableEntity, body?.ToJsonString());
            Assert.Equal(("secret_ref_invalid", message, "env.TOKEN", secretId), (body!["code"]!.GetValue<string>(), body["detail"]!.GetValue<string>(),
                body["configPath"]!.GetValue<string>(), body["secretId"]!.GetValue<string>()));
        }

        Assert.Empty((await this.Board.GetAsync($"api/companies/{company}/agents")).AsArray());
    }

    [Fact]
    public async Task ImportPreviewConflicts_NameTheSecretTheyConflictWith()
    {
        await using SelfHostInstance host = await this.StartAwsHostAsync(moto.Endpoint);
        string run = Guid.NewGuid().ToString("N")[..8];
        string remoteName = $"par{run}/token";
        string linked = $"par{run}/linked";
        await moto.CallAsync("CreateSecret", new { Name = remoteName, SecretString = "remote-value" });
        await moto.CallAsync("CreateSecret", new { Name = linked, SecretString = "linked-value" });

        ApiClient board = host.Board;
        string company = await Scenario.CompanyAsync(board);
        string vaultId = await AwsVaultAsync(board, company, "par" + run);
        string byName = (await board.CreateAsync($"api/companies/{company}/secrets", new { name = remoteName, key = "unrelated-" + run, value = "local-1" }))["id"]!.GetValue<string>();
        string byKey = (await board.CreateAsync($"api/companies/{company}/secrets", new { name = "Something else", key = $"par{run}-token", value = "local-2" }))["id"]!.GetValue<string>();
        JsonNode first = await board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/companies/{company}/secrets/remote-import/preview", new { providerConfigId = vaultId, query = "par" + run });
        string linkedRef = Candidate(first, linked)["externalRef"]!.GetValue<string>();
        JsonNode imported = await board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/companies/{company}/secrets/remote-import", new { providerConfigId = vaultId, secrets = new[] { new { externalRef = linkedRef } } });
        string linkedId = imported["results"]![0]!["secretId"]!.GetValue<string>();

        JsonNode preview = await board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/companies/{company}/secrets/remote-import/preview", new { providerConfigId = vaultId, query = "par" + run });
        JsonNode conflicting = Candidate(preview, remoteName);
        Assert.Equal("conflict", conflicting["status"]!.GetValue<string>());
        Assert.Equal([("name", byName), ("key", byKey)], conflicting["conflicts"]!.AsArray().Select(c => (c!["type"]!.GetValue<string>(), c["existingSecretId"]!.GetValue<string>())));
        JsonNode duplicate = Candidate(preview, linked);
        Assert.Equal(("duplicate", "exact_reference", linkedId), (duplicate["status"]!.GetValue<string>(), duplicate["conflicts"]![0]!["type"]!.GetValue<string>(), duplicate["conflicts"]![0]!["existingSecretId"]!.GetValue<string>()));

        // The commit's skipped rows name them too.
        JsonNode skipped = await board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/companies/{company}/secrets/remote-import", new { providerConfigId = vaultId, secrets = new[] { new { externalRef = conflicting["externalRef"]!.GetValue<string>() } } });
        Assert.Equal([byName, byKey], skipped["results"]![0]!["conflicts"]!.AsArray().Select(c => c!["existingSecretId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AwsFailures_AreAnsweredByStatus_WhateverTheBody_WithUpstreamsSafeMessages()
    {
        await using SelfHostInstance host = await this.StartAwsHostAsync(stub.Endpoint);
        ApiClient board = host.Board;
        string company = await Scenario.CompanyAsync(board);
        string vaultId = await AwsVaultAsync(board, company, "stubbed");
        Dictionary<string, string> messages = new()
        {
            ["provider_access_denied"] = "AWS Secrets Manager denied the request. Check IAM permissions for this provider vault.",
            ["provider_not_found"] = "AWS Secrets Manager could not find the requested secret.",
            ["provider_throttled"] = "AWS Secrets Manager throttled the request. Wait and try again.",
            ["provider_unavailable"] = "AWS Secrets Manager is unavailable right now.",
        };

        foreach (object[] pair in AwsErrorAnswers.Cases)
        {
            (int answer, string shape) = ((int)pair[0], (string)pair[1]);
            (string? contentType, string text) = AwsErrorAnswers.Body(answer, shape);
            stub.Answer(answer, contentType, text);
            (HttpStatusCode status, JsonNode? body, _) = await board.SendAsync(HttpMethod.Post, $"api/companies/{company}/secrets/remote-import/preview", new { providerConfigId = vaultId });

            (string code, int expected) = AwsErrorAnswers.Expected[answer];
            string label = $"{answer} {shape}: {(int)status} {body?.ToJsonString()}";
            Assert.True((int)status == expected && body!["code"]!.GetValue<string>() == code, label);
            Assert.True(body["detail"]!.GetValue<string>() == messages[code], label);
            Assert.DoesNotContain(AwsErrorAnswers.AccountId, body.ToJsonString(), StringComparison.Ordinal);
        }

        Assert.Equal(AwsErrorAnswers.Cases.Count(), stub.Requests);
        Assert.DoesNotContain(AwsErrorAnswers.AccountId, (await board.GetAsync($"api/companies/{company}/activity")).ToJsonString(), StringComparison.Ordinal);
    }

    async Task<JsonNode> RefusedAsync(HttpMethod method, string path, object body, string code = "validation_failed")
    {
        (HttpStatusCode status, JsonNode? problem, _) = await this.Board.SendAsync(method, path, body);
        Assert.True(status == HttpStatusCode.BadRequest && problem?["code"]?.GetValue<string>() == code, $"{method} {path}: {(int)status} {problem?.ToJsonString()}");
        return problem!;
    }

    static JsonNode Candidate(JsonNode preview, string remoteName) =>
        preview["candidates"]!.AsArray().Single(c => c!["remoteName"]!.GetValue<string>() == remoteName)!;

    static async Task<string> AwsVaultAsync(ApiClient board, string company, string ns) =>
        (await board.CreateAsync($"api/companies/{company}/secret-provider-configs", new
        {
            provider = "aws_secrets_manager",
            displayName = "AWS",
            config = new { region = "us-east-1", @namespace = ns },
        }))["id"]!.GetValue<string>();

    /// <summary>A self-host whose AWS Secrets Manager is at <paramref name="endpoint"/>; credentials come from the SDK's default chain (environment here).</summary>
    async Task<SelfHostInstance> StartAwsHostAsync(Uri endpoint)
    {
        AwsTestCredentials.Use();
        Dictionary<string, string?> settings = SelfHostInstance.NewSettings(fixture.Azurite.ConnectionString);
        settings["PAPERCLIP_SECRETS_AWS_ENDPOINT"] = endpoint.ToString();
        return await SelfHostInstance.StartAsync(settings);
    }
}
