using System.Diagnostics;
using System.Text.Json;
using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Secrets;
using Paperclip.Secrets.Aws;
using Paperclip.Storage.Azurite;
using Paperclip.Testing;

namespace Paperclip.Bench;

/// <summary>
/// secrets: remote-import preview of 1,000 AWS secrets on a real moto server (every page, through the real service and
/// Tables store on Azurite) against the bare ListSecrets paging it is built on, counting value reads at the server;
/// and run-time resolution of 20 bound secrets for one run (local and AWS), as the execute activity does it.
/// </summary>
public static class SecretsSuite
{
    const int RemoteSecrets = 1000;
    const int BoundSecrets = 20;
    const int Warmup = 3;
    static readonly CancellationToken None = CancellationToken.None;

    public static async Task<object> RunAsync(int runs)
    {
        string root = Path.Combine(Path.GetTempPath(), "paperclip-bench-secrets-" + Guid.NewGuid().ToString("N")[..8]);
        string executable = AzuriteProcess.FindExecutable(AppContext.BaseDirectory) ?? throw new InvalidOperationException("node_modules/.bin/azurite not found; run scripts/bench.sh.");
        await using AzuriteProcess azurite = await AzuriteProcess.StartAsync(executable, Path.Combine(root, "azurite"), TimeSpan.FromSeconds(60), None);
        using MotoServer moto = new();
        await moto.InitializeAsync();

        // The same real services, store and providers the tests drive (SecretsHarness), on this suite's own Azurite.
        await using SecretsHarness h = new(azurite.ConnectionString, moto: moto);
        Guid company = await h.CompanyAsync();
        SecretVault vault = await h.AwsVaultAsync(company);
        SecretImportService imports = h.Imports;

        Console.Error.WriteLine($"[bench] seeding {RemoteSecrets} secrets in moto");
        string prefix = "bench" + Guid.NewGuid().ToString("N")[..6];
        await Parallel.ForEachAsync(Enumerable.Range(0, RemoteSecrets), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await moto.CallAsync("CreateSecret", new { Name = $"{prefix}/s{i:D4}", SecretString = "v" + i }));

        // Preview of all 1,000 (pages of 100) vs. the bare ListSecrets paging underneath, alternating, fastest of each.
        List<double> ours = [], bare = [];
        int candidates = 0;
        IReadOnlyList<string> recorded = [];
        for (int round = 0; round < 3; round++)
        {
            await moto.StartRecordingAsync();
            Stopwatch watch = Stopwatch.StartNew();
            candidates = 0;
            string? token = null;
            do
            {
                ImportPreview page = await imports.PreviewAsync(Caller.Board, company, PreviewImportCommand.Parse(SecretsHarness.Body(token is null
                    ? new { providerConfigId = vault.Id, query = prefix, pageSize = 100 } : (object)new { providerConfigId = vault.Id, query = prefix, pageSize = 100, nextToken = token })), None);
                candidates += page.Candidates.Count;
                token = page.NextToken;
            }
            while (token is not null);
            ours.Add(watch.Elapsed.TotalMilliseconds);
            recorded = await moto.StopRecordingAsync();

            watch.Restart();
            AwsScope scope = AwsScope.For(vault, new AwsSecretsOptions { Endpoint = moto.Endpoint });
            string? next = null;
            do
            {
                System.Text.Json.Nodes.JsonObject request = new() { ["MaxResults"] = 100, ["Filters"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["Key"] = "all", ["Values"] = new System.Text.Json.Nodes.JsonArray(prefix) }) };
                if (next is not null)
                {
                    request["NextToken"] = next;
                }

                JsonElement listed = await h.AwsClient!.SendAsync(scope, "ListSecrets", request, None);
                next = listed.TryGetProperty("NextToken", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            }
            while (next is not null);
            bare.Add(watch.Elapsed.TotalMilliseconds);
        }

        int valueReads = recorded.Count(t => t is "secretsmanager.GetSecretValue" or "secretsmanager.BatchGetSecretValue");
        Console.Error.WriteLine($"[bench] preview listed {candidates} candidates; {recorded.Count} requests, {valueReads} value reads");

        double localP50 = await ResolveP50Async(h, company, null, runs);
        double awsP50 = await ResolveP50Async(h, company, vault.Id, runs);
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // Temp files; the OS cleans them.
        }

        // Exact key names (the issue's), so the output is a dictionary rather than renamed properties.
        return new Dictionary<string, object>
        {
            ["suite"] = "secrets",
            ["preview_1000_ms"] = Math.Round(ours.Min(), 1),
            ["preview_candidates"] = candidates,
            ["preview_1000_bare_list_ms"] = Math.Round(bare.Min(), 1),
            ["preview_ratio"] = Math.Round(ours.Min() / bare.Min(), 2),
            ["value_reads"] = valueReads,
            ["resolve20_local_p50_ms"] = localP50,
            ["resolve20_aws_p50_ms"] = awsP50,
            ["runs"] = runs,
            ["targets"] = new Dictionary<string, object> { ["preview_1000_ms"] = 2000, ["value_reads"] = 0, ["resolve20_local_p50_ms"] = 50 },
        };
    }

    /// <summary>p50 of resolving an agent's 20 bound secrets (what the execute activity does before starting the agent).</summary>
    static async Task<double> ResolveP50Async(SecretsHarness h, Guid companyId, Guid? vaultId, int runs)
    {
        Dictionary<string, EnvBinding> env = [];
        string tag = vaultId is null ? "local" : "aws";
        for (int i = 0; i < BoundSecrets; i++)
        {
            CompanySecret secret = await h.Secrets.CreateAsync(Caller.Board, companyId,
                CreateSecretCommand.Parse(SecretsHarness.Body(vaultId is null ? new { name = $"{tag}-{i}", value = $"value-{i}" } : (object)new { name = $"{tag}-{i}", value = $"value-{i}", providerConfigId = vaultId })), None);
            env[$"SECRET_{i}"] = EnvBinding.SecretRef(secret.Id, null);
        }

        DateTimeOffset now = DateTimeOffset.UtcNow;
        Agent agent = new(Guid.CreateVersion7(), companyId, "bench-" + tag, AgentStatus.Idle, "process", new ProcessAdapterConfig("true", [], null) { Env = env }, null, now, now);
        await h.Bindings.SyncEnvAsync(companyId, SecretBindingTargets.Agent, agent.Id.ToString("D"), env, None);
        List<double> samples = [];
        for (int i = 0; i < Warmup + runs; i++)
        {
            Stopwatch watch = Stopwatch.StartNew();
            IReadOnlyDictionary<string, SecretValue> values = await h.Resolver.ResolveAgentEnvAsync(agent, Guid.CreateVersion7(), Guid.CreateVersion7(), None);
            double elapsed = watch.Elapsed.TotalMilliseconds;
            if (values.Count != BoundSecrets)
            {
                throw new InvalidOperationException($"resolved {values.Count} of {BoundSecrets}");
            }

            if (i >= Warmup)
            {
                samples.Add(elapsed);
            }
        }

        Console.Error.WriteLine($"[bench] resolve20 {tag}: p50 {Percentiles.Of(samples, 50)} ms, p95 {Percentiles.Of(samples, 95)} ms");
        return Percentiles.Of(samples, 50);
    }
}
