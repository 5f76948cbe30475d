using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Ports;
using Paperclip.Core.Runs;
using Paperclip.Core.Secrets;
using Paperclip.Runs.Engine;
using Paperclip.Runs.Entities;
using Paperclip.Ssh;
using Paperclip.Ssh.Execution;
using Paperclip.Storage.Azurite;
using Paperclip.Testing;

namespace Paperclip.Bench;

/// <summary>
/// bridge: an agent's call (<c>GET /api/agents/me</c>) through the callback bridge from the box's side — a real sshd on
/// 127.0.0.1, so the box's loopback port is reachable from here — beside the same call made directly to the API in the
/// same run: 200 sequential, 200 concurrent and 200 on a new connection each (as curl calls), per mode, in five rounds
/// taking turns with the direct calls. Tunnel: the
/// box's port forwards over one SSH connection (SSH.NET's <c>ForwardedPortRemote</c>) to the bridge, which calls the
/// API with the run's key. Queue: the box-side server's file queue, served over the same connection. Targets: tunnel
/// p50 ≤ direct p50 + 5 ms; queue p50 ≤ 100 ms. Each pattern also reports the CPU each party spent per call
/// (<see cref="CpuMeter"/>): this process, sshd, Azurite, the box-side server, the rest — on a machine whose
/// cores the box, the API and the load share, a burst's p50 is its CPU. Tunnel patterns also measure the floors under
/// the tunnel: the same call through OpenSSH's own client forwarding straight to the API (<see cref="OpenSshForward"/>,
/// <c>openssh_forward_p50_ms</c>) and through SSH.NET's forward on the same connection straight to the API
/// (<see cref="SshNetForward"/>, <c>sshnet_forward_p50_ms</c>). Each pattern starts with an untimed round of each
/// party (the first burst of 200 opens 200 connections and channels and meets code not compiled yet).
/// <c>PAPERCLIP_BENCH_BRIDGE_ONLY</c> (<c>mode:pattern</c>, comma-separated) runs only those.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class BridgeSuite
{
    const int Requests = 200;
    const int Rounds = 5;
    const int UntimedRounds = 1;
    const int WarmUp = 20;
    const double TunnelBudgetMs = 5;
    const double QueueTargetMs = 100;

    public static async Task<object> RunAsync()
    {
        string root = Path.Combine(Path.GetTempPath(), "paperclip-bench-bridge-" + Guid.NewGuid().ToString("N")[..8]);
        string executable = AzuriteProcess.FindExecutable(AppContext.BaseDirectory) ?? throw new InvalidOperationException("node_modules/.bin/azurite not found; run scripts/bench.sh.");
        await using AzuriteProcess azurite = await AzuriteProcess.StartAsync(executable, Path.Combine(root, "azurite"), TimeSpan.FromSeconds(60), CancellationToken.None);
        Dictionary<string, string?> settings = SelfHostInstance.NewSettings(azurite.ConnectionString);

        settings["Logging:LogLevel:Default"] = "Warning";
        await using SelfHostInstance host = await SelfHostInstance.StartAsync(settings);
        await using SshdServer sshd = await SshdServer.StartAsync();
        try
        {
            string company = (await host.Board.CreateAsync("api/companies", new { name = "Bench Bridge" }))["id"]!.GetValue<string>();
            JsonNode agent = await host.Board.CreateAsync($"api/companies/{company}/agents", new { name = "bench", adapterType = "process", adapterConfig = new { command = "true" } });
            string key = (await host.Board.CreateAsync($"api/companies/{company}/agents/{agent["id"]}/keys", new { }))["key"]!.GetValue<string>();

            SshEnvironmentConfig config = new("127.0.0.1", sshd.Port, sshd.User, sshd.WorkspaceRoot, null, sshd.KnownHostsLine, true);
            using SshConnection connection = await SshConnector.ConnectAsync(config, new SecretValue(sshd.PrivateKey), trustUnknownHostKey: false, CancellationToken.None);
            ICallbackBridge bridge = host.App.Services.GetRequiredService<ICallbackBridge>();
            (Guid holder, Guid workspace) = await HoldWorkspaceAsync(host, Guid.Parse(company));
            string runtime = Path.Combine(sshd.WorkspaceRoot, ".paperclip-runtime");
            using HttpClient http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 });
            string direct = host.BaseAddress.ToString().TrimEnd('/');
            List<object> results = [];
            foreach (BridgeMode mode in (BridgeMode[])[BridgeMode.Tunnel, BridgeMode.Queue])
            {
                SshExecutionTarget target = new(connection.Client, bridge: bridge, site: new BridgeSite(runtime, mode));
                await using CallbackRoute route = await target.OpenCallbackAsync(new BridgeGrant(Guid.Parse(company), holder, workspace, new SecretValue(key)), CancellationToken.None);
                await using OpenSshForward? openSsh = mode == BridgeMode.Tunnel ? await OpenSshForward.StartAsync(sshd, host.BaseAddress, connection.Client.ConnectionInfo.CurrentClientEncryption ?? "aes128-ctr") : null;
                using SshNetForward? sshNet = mode == BridgeMode.Tunnel ? SshNetForward.Start(connection.Client, host.BaseAddress) : null;
                Dictionary<string, string> floors = openSsh is null || sshNet is null ? [] : new() { ["openssh_forward_p50_ms"] = openSsh.Url, ["sshnet_forward_p50_ms"] = sshNet.Url };
                results.AddRange(await MeasureModeAsync(http, direct, key, route, floors, mode == BridgeMode.Tunnel ? "tunnel" : "queue"));
            }

            return new Dictionary<string, object> { ["suite"] = "bridge", ["results"] = results };
        }
        finally
        {
            TryDelete(root);
        }
    }

    /// <summary>
    /// A bridge is used under its workspace's lease: the suite's calls are made as a run that holds one (admitted by the
    /// workspace's entity, as a run's orchestration is).
    /// </summary>
    static async Task<(Guid Holder, Guid Workspace)> HoldWorkspaceAsync(SelfHostInstance host, Guid company)
    {
        Guid holder = Guid.CreateVersion7();
        Guid workspace = Guid.CreateVersion7();
        DurableEngineBase engine = (DurableEngineBase)host.App.Services.GetRequiredService<IDurableEngine>();
        await engine.SignalEntityOperationAsync(WorkspaceEntity.IdFor(RunRequest.KeyOf(company, workspace)), "Admit", RunRequest.InstanceIdOf(holder), CancellationToken.None);
        for (int i = 0; i < 600; i++)
        {
            if ((await engine.GetWorkspaceAsync(company, workspace, CancellationToken.None))?.ActiveRunId == RunRequest.InstanceIdOf(holder))
            {
                return (holder, workspace);
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("The workspace entity did not admit the suite's run within a minute.");
    }

    /// <summary>
    /// The three patterns through one open route, each beside the same calls made directly (and through the
    /// <paramref name="floors"/>): an untimed round, then five rounds of 200, direct and bridged taking turns, so a drift
    /// of the machine (a collection, Azurite compacting) falls on both; each figure is the median of the rounds' (rps:
    /// all calls over all wall time).
    /// </summary>
    static async Task<List<object>> MeasureModeAsync(HttpClient http, string direct, string key, CallbackRoute route, Dictionary<string, string> floors, string mode)
    {
        List<object> results = [];
        foreach (string pattern in (string[])["sequential", "concurrent", "sequential_new_connection"])
        {
            if (Environment.GetEnvironmentVariable("PAPERCLIP_BENCH_BRIDGE_ONLY") is { Length: > 0 } only && !only.Split(',').Contains(mode + ":" + pattern))
            {
                continue;
            }

            Dictionary<string, double> directCpu = [];
            Dictionary<string, double> bridgedCpu = [];
            bool concurrent = pattern == "concurrent";
            bool fresh = pattern == "sequential_new_connection";
            List<(double P50, double P95)> directRounds = [];
            List<(double P50, double P95)> bridgedRounds = [];
            Dictionary<string, List<double>> floorRounds = floors.Keys.ToDictionary(name => name, _ => new List<double>());
            double bridgedSeconds = 0;
            for (int round = 0; round < UntimedRounds; round++)
            {
                foreach ((string url, string token) in floors.Values.Select(url => (url, key)).Prepend((direct, key)).Append((route.ApiUrl, route.Token.Reveal())))
                {
                    await MeasureAsync(http, url, token, concurrent, fresh);
                }
            }

            for (int round = 0; round < Rounds; round++)
            {
                CpuMeter meter = CpuMeter.Start();
                (List<double> directMs, _) = await MeasureAsync(http, direct, key, concurrent, fresh);
                Add(directCpu, meter.Stop());
                foreach ((string name, string url) in floors)
                {
                    (List<double> floorMs, _) = await MeasureAsync(http, url, key, concurrent, fresh);
                    floorRounds[name].Add(Percentiles.Of(floorMs, 50));
                }

                meter = CpuMeter.Start();
                (List<double> bridgedMs, double seconds) = await MeasureAsync(http, route.ApiUrl, route.Token.Reveal(), concurrent, fresh);
                Add(bridgedCpu, meter.Stop());
                directRounds.Add((Percentiles.Of(directMs, 50), Percentiles.Of(directMs, 95)));
                bridgedRounds.Add((Percentiles.Of(bridgedMs, 50), Percentiles.Of(bridgedMs, 95)));
                bridgedSeconds += seconds;
            }

            double directP50 = Median(directRounds.Select(r => r.P50));
            double bridgedP50 = Median(bridgedRounds.Select(r => r.P50));
            Console.Error.WriteLine($"[bench] {mode} {pattern}: p50 {bridgedP50} ms, direct p50 {directP50} ms (rounds: {string.Join(", ", bridgedRounds.Zip(directRounds, (b, d) => $"{b.P50}/{d.P50}"))})");
            Console.Error.WriteLine($"[bench]   cpu ms/request direct: {Describe(directCpu)}; bridged: {Describe(bridgedCpu)}");
            foreach ((string name, List<double> rounds) in floorRounds)
            {
                Console.Error.WriteLine($"[bench]   {name}, no bridge: {Median(rounds)} ms (rounds: {string.Join(", ", rounds)})");
            }

            bool meets = mode == "tunnel" ? bridgedP50 <= directP50 + TunnelBudgetMs : bridgedP50 <= QueueTargetMs;
            Dictionary<string, object> result = new()
            {
                ["suite"] = "bridge",
                ["mode"] = mode,
                ["pattern"] = pattern,
                ["requests"] = Requests,
                ["rounds"] = Rounds,
                ["untimed_rounds"] = UntimedRounds,
                ["p50_ms"] = bridgedP50,
                ["p95_ms"] = Median(bridgedRounds.Select(r => r.P95)),
                ["rps"] = Math.Round(Requests * Rounds / bridgedSeconds, 1),
                ["direct_p50_ms"] = directP50,
                ["direct_p95_ms"] = Median(directRounds.Select(r => r.P95)),
                ["cpu_ms_per_request"] = new Dictionary<string, object> { ["direct"] = PerRequest(directCpu), ["bridged"] = PerRequest(bridgedCpu) },
                ["target"] = mode == "tunnel" ? "p50 <= direct_p50 + 5 ms" : "p50 <= 100 ms",
                ["meets_target"] = meets,
            };
            foreach ((string name, List<double> rounds) in floorRounds)
            {
                // The same call through an SSH remote forward straight to the API: forwarding's own cost here.
                result[name] = Median(rounds);
            }

            results.Add(result);
        }

        return results;
    }

    static void Add(Dictionary<string, double> sum, Dictionary<string, double> more)
    {
        foreach ((string who, double ms) in more)
        {
            sum[who] = sum.GetValueOrDefault(who) + ms;
        }
    }

    /// <summary>CPU per call (the warm-up calls included), by party, and in all.</summary>
    static Dictionary<string, double> PerRequest(Dictionary<string, double> cpu)
    {
        const int Calls = (Requests + WarmUp) * Rounds;
        Dictionary<string, double> per = cpu.ToDictionary(c => c.Key, c => Math.Round(c.Value / Calls, 2));
        per["total"] = Math.Round(cpu.Values.Sum() / Calls, 2);
        return per;
    }

    static string Describe(Dictionary<string, double> cpu) => string.Join(" ", PerRequest(cpu).Select(c => $"{c.Key}={c.Value}"));

    static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : Math.Round((sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2, 1);
    }

    /// <summary>
    /// 200 calls, one after another or all at once (after a warm-up of 20); each call's own round trip, and the wall
    /// time of the 200. Every answer must be 200, or the measurement is void.
    /// </summary>
    static async Task<(List<double> Samples, double Seconds)> MeasureAsync(HttpClient http, string baseUrl, string token, bool concurrent, bool fresh)
    {
        for (int i = 0; i < WarmUp; i++)
        {
            await CallAsync(http, baseUrl, token, fresh);
        }

        Stopwatch wall = Stopwatch.StartNew();
        List<double> samples;
        if (concurrent)
        {
            samples = [.. await Task.WhenAll(Enumerable.Range(0, Requests).Select(_ => CallAsync(http, baseUrl, token, fresh)))];
        }
        else
        {
            samples = [];
            for (int i = 0; i < Requests; i++)
            {
                samples.Add(await CallAsync(http, baseUrl, token, fresh));
            }
        }

        return (samples, wall.Elapsed.TotalSeconds);
    }

    /// <summary>One call; <paramref name="fresh"/> closes its connection after it, as an agent calling with curl does.</summary>
    static async Task<double> CallAsync(HttpClient http, string baseUrl, string token, bool fresh)
    {
        using HttpRequestMessage request = new(HttpMethod.Get, baseUrl + "/api/agents/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.ConnectionClose = fresh;
        long started = Stopwatch.GetTimestamp();
        using HttpResponseMessage response = await http.SendAsync(request);
        _ = await response.Content.ReadAsByteArrayAsync();
        double ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return response.IsSuccessStatusCode ? ms : throw new InvalidOperationException($"GET {baseUrl}/api/agents/me answered {(int)response.StatusCode}.");
    }

    static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
