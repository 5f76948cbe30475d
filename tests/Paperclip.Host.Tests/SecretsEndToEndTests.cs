using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Paperclip.Api;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>
/// A new user's path through secrets on the self-host: create a secret, bind it to an agent, and the agent's run sees
/// it as an environment variable — while no response, run record, run log, audit entry or host log line holds it.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class SecretsEndToEndTests(HostFixture fixture, MotoServer moto) : IClassFixture<MotoServer>
{
    // The agent proves it sees the value without printing it: it compares a hash.
    const string AgentScript = """
        import hashlib, os
        seen = hashlib.sha256(os.environ["DB_PASSWORD"].encode()).hexdigest()
        print("match" if seen == os.environ["EXPECTED_SHA256"] else "mismatch")
        """;

    [Fact]
    public async Task ABoundSecret_ReachesTheAgentsEnvironment_AndNothingElse()
    {
        CapturingLoggerProvider logs = new();
        Dictionary<string, string?> settings = SelfHostInstance.NewSettings(fixture.Azurite.ConnectionString);
        settings["Logging:LogLevel:Default"] = "Debug";
        await using SelfHostInstance host = await SelfHostInstance.StartAsync(settings, services => services.AddSingleton<ILoggerProvider>(logs));
        ApiClient board = host.Board;
        List<string> seen = [];
        async Task<JsonNode> Keep(Task<JsonNode> call)
        {
            JsonNode body = await call;
            seen.Add(body.ToJsonString());
            return body;
        }

        string value = "pw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        string company = await Scenario.CompanyAsync(board);
        JsonNode secret = await Keep(board.CreateAsync($"api/companies/{company}/secrets", new { name = "Database password", value, description = "prod db" }));
        string secretId = secret["id"]!.GetValue<string>();
        Assert.Equal(("database-password", "local_encrypted", "active", 1), (secret["key"]!.GetValue<string>(), secret["provider"]!.GetValue<string>(), secret["status"]!.GetValue<string>(), secret["latestVersion"]!.GetValue<int>()));

        JsonNode agent = await Keep(board.CreateAsync($"api/companies/{company}/agents", new
        {
            name = "db-migrator",
            adapterType = "process",
            adapterConfig = new
            {
                command = "python3",
                args = new[] { "-c", AgentScript },
                env = new Dictionary<string, object>
                {
                    ["DB_PASSWORD"] = new { type = "secret_ref", secretId },
                    ["EXPECTED_SHA256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value))),
                },
            },
        }));
        string agentId = agent["id"]!.GetValue<string>();
        Assert.Equal("secret_ref", agent["adapterConfig"]!["env"]!["DB_PASSWORD"]!["type"]!.GetValue<string>());

        await Scenario.IssueAsync(board, company, agentId, "Migrate the database");
        string runId = await Scenario.WakeAsync(board, company, agentId);
        JsonNode run = await Keep(Scenario.FinishedRunAsync(board, company, runId));

        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.ToJsonString());
        Assert.Equal("match\n", run["stdoutExcerpt"]!.GetValue<string>());

        JsonNode events = await Keep(board.GetAsync($"api/companies/{company}/secrets/{secretId}/access-events"));
        JsonNode accessEvent = Assert.Single(events.AsArray())!;
        Assert.Equal(("success", runId, "env.DB_PASSWORD", agentId), (accessEvent["outcome"]!.GetValue<string>(), accessEvent["heartbeatRunId"]!.GetValue<string>(),
            accessEvent["configPath"]!.GetValue<string>(), accessEvent["consumerId"]!.GetValue<string>()));
        JsonNode usage = await Keep(board.GetAsync($"api/companies/{company}/secrets/{secretId}/usage"));
        Assert.Equal("db-migrator", usage["bindings"]![0]!["target"]!["label"]!.GetValue<string>());
        Assert.Equal(1, (await Keep(board.GetAsync($"api/companies/{company}/secrets")))[0]!["referenceCount"]!.GetValue<int>());

        await Keep(board.GetAsync($"api/companies/{company}/secrets/{secretId}"));
        await Keep(board.GetAsync($"api/companies/{company}/agents/{agentId}"));
        await Keep(board.GetAsync($"api/companies/{company}/runs/{runId}/log?limit=1000000"));
        await Keep(board.GetAsync($"api/companies/{company}/activity"));
        await Keep(board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/companies/{company}/secrets/{secretId}/rotate", new { value = value + "-2" }));

        // Changing the agent's config changes its bindings with it; a reference to no secret changes nothing.
        object Config(object env) => new { adapterConfig = new { command = "python3", args = new[] { "-c", AgentScript }, env } };
        (HttpStatusCode refused, _, _) = await board.SendAsync(HttpMethod.Patch, $"api/companies/{company}/agents/{agentId}", Config(new { DB_PASSWORD = new { type = "secret_ref", secretId = Guid.NewGuid() } }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused);
        Assert.Single((await board.GetAsync($"api/companies/{company}/secrets/{secretId}/usage"))["bindings"]!.AsArray());
        await board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"api/companies/{company}/agents/{agentId}", Config(new { OTHER = "plain" }));
        Assert.Empty((await board.GetAsync($"api/companies/{company}/secrets/{secretId}/usage"))["bindings"]!.AsArray());
        await Keep(board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"api/companies/{company}/agents/{agentId}",
            Config(new { DB_PASSWORD = new { type = "secret_ref", secretId, version = 1 } })));
        Assert.Equal("1", (await board.GetAsync($"api/companies/{company}/secrets/{secretId}/usage"))["bindings"]![0]!["binding"]!["versionSelector"]!.GetValue<string>());

        Assert.All(seen, body => Assert.DoesNotContain(value, body, StringComparison.Ordinal));
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SecretRoutes_RefuseAgentKeys_HideOtherCompanies_AndRejectUnknownSecretRefs()
    {
        ApiClient board = fixture.Host.Board;
        string company = await Scenario.CompanyAsync(board);
        string other = await Scenario.CompanyAsync(board, "Other Co");
        string secretId = (await board.CreateAsync($"api/companies/{company}/secrets", new { name = "Token", value = "t-" + Guid.NewGuid() }))["id"]!.GetValue<string>();
        string vaultId = (await board.CreateAsync($"api/companies/{company}/secret-provider-configs", new { provider = "local_encrypted", displayName = "Local" }))["id"]!.GetValue<string>();
        string agentId = await Scenario.AgentAsync(board, company, "true", []);
        string key = (await board.CreateAsync($"api/companies/{company}/agents/{agentId}/keys", new { name = "k" }))["key"]!.GetValue<string>();
        using ApiClient agent = new(fixture.Host.BaseAddress, key);

        foreach (ApiRoute route in ApiRoutes.All.Where(r => r.Template.Contains("/secret", StringComparison.Ordinal)))
        {
            string path = "api/" + route.Template.Replace("{companyId}", company, StringComparison.Ordinal)
                .Replace("{secretId}", secretId, StringComparison.Ordinal).Replace("{configId}", vaultId, StringComparison.Ordinal);
            (HttpStatusCode status, JsonNode? body, _) = await agent.SendAsync(new HttpMethod(route.Method), path, route.Method is "GET" or "DELETE" ? null : new { });
            Assert.True(status == HttpStatusCode.Forbidden, $"{route.Method} {route.Template}: {(int)status} {body?.ToJsonString()}");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await board.SendAsync(HttpMethod.Get, $"api/companies/{other}/secrets/{secretId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await board.SendAsync(HttpMethod.Delete, $"api/companies/{other}/secrets/{secretId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await board.SendAsync(HttpMethod.Get, $"api/companies/{other}/secret-provider-configs/{vaultId}")).Status);

        (HttpStatusCode refused, JsonNode? problem, _) = await board.SendAsync(HttpMethod.Post, $"api/companies/{other}/agents", new
        {
            name = "thief",
            adapterType = "process",
            adapterConfig = new { command = "true", env = new { STOLEN = new { type = "secret_ref", secretId } } },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused);
        Assert.Equal("secret_ref_invalid", problem!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ANewUser_ImportsFromAws_WithoutReadingValues_BindsOne_AndTheRunSeesIt()
    {
        // The self-host reaches "AWS" at moto; credentials come from the SDK's default chain (environment here).
        AwsTestCredentials.Use();
        CapturingLoggerProvider logs = new();
        Dictionary<string, string?> settings = SelfHostInstance.NewSettings(fixture.Azurite.ConnectionString);
        settings["PAPERCLIP_SECRETS_AWS_ENDPOINT"] = moto.Endpoint.ToString();
        await using SelfHostInstance host = await SelfHostInstance.StartAsync(settings, services => services.AddSingleton<ILoggerProvider>(logs));
        ApiClient board = host.Board;
        List<string> seen = [];

        string run = Guid.NewGuid().ToString("N")[..8];
        string value = "remote-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        await moto.CallAsync("CreateSecret", new { Name = $"e2e{run}/deploy", SecretString = value });
        await moto.CallAsync("CreateSecret", new { Name = $"e2e{run}/other", SecretString = "other-" + value });

        string company = await Scenario.CompanyAsync(board);
        JsonNode vault = await board.CreateAsync($"api/companies/{company}/secret-provider-configs", new
        {
            provider = "aws_secrets_manager",
            displayName = "Production AWS",
            isDefault = true,
            config = new { region = "us-east-1", @namespace = "e2e" + run },
        });
        string vaultId = vault["id"]!.GetValue<string>();
        JsonNode health = await board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/companies/{company}/secret-provider-configs/{vaultId}/health", new { });
        Assert.Equal("us-east-1", health["details"]!["region"]!.GetValue<string>());

        await moto.StartRecordingAsync();
        JsonNode preview = await board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/companies/{company}/secrets/remote-import/preview", new { providerConfigId = vaultId, query = "e2e" + run });
        JsonNode candidate = preview["candidates"]!.AsArray().Single(c => c!["remoteName"]!.GetValue<string>() == $"e2e{run}/deploy")!;
        Assert.Equal("ready", candidate["status"]!.GetValue<string>());
        JsonNode imported = await board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/companies/{company}/secrets/remote-import", new
        {
            providerConfigId = vaultId,
            secrets = new[] { new { externalRef = candidate["externalRef"]!.GetValue<string>(), name = "Deploy token" } },
        });
        IReadOnlyList<string> sent = await moto.StopRecordingAsync();
        Assert.Equal(["secretsmanager.ListSecrets"], sent);
        seen.Add(preview.ToJsonString());
        seen.Add(imported.ToJsonString());
        Assert.Equal(1, imported["importedCount"]!.GetValue<int>());
        string secretId = imported["results"]![0]!["secretId"]!.GetValue<string>();

        string agentId = (await board.CreateAsync($"api/companies/{company}/agents", new
        {
            name = "deployer",
            adapterType = "process",
            adapterConfig = new
            {
                command = "python3",
                args = new[] { "-c", AgentScript.Replace("DB_PASSWORD", "DEPLOY_TOKEN", StringComparison.Ordinal) },
                env = new Dictionary<string, object>
                {
                    ["DEPLOY_TOKEN"] = new { type = "secret_ref", secretId },
                    ["EXPECTED_SHA256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value))),
                },
            },
        }))["id"]!.GetValue<string>();
        await Scenario.IssueAsync(board, company, agentId, "Deploy");
        string runId = await Scenario.WakeAsync(board, company, agentId);
        JsonNode finished = await Scenario.FinishedRunAsync(board, company, runId);

        Assert.True(finished["status"]!.GetValue<string>() == "succeeded", finished.ToJsonString());
        Assert.Equal("match\n", finished["stdoutExcerpt"]!.GetValue<string>());
        seen.Add(finished.ToJsonString());
        seen.Add((await board.GetAsync($"api/companies/{company}/runs/{runId}/log?limit=1000000")).ToJsonString());
        seen.Add((await board.GetAsync($"api/companies/{company}/secrets")).ToJsonString());
        seen.Add((await board.GetAsync($"api/companies/{company}/secrets/{secretId}/access-events")).ToJsonString());
        seen.Add((await board.GetAsync($"api/companies/{company}/activity")).ToJsonString());
        Assert.All(seen, body => Assert.DoesNotContain(value, body, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(value, StringComparison.Ordinal));
    }
}
