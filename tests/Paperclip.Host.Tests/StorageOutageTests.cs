using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Paperclip.Storage.Azurite;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>
/// Storage that stops answering (its own Azurite frozen with SIGSTOP): requests answer 503 storage_unavailable with
/// Retry-After within the configured bound instead of hanging, health says so at once, and after SIGCONT everything
/// answers again with nothing half-written.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class StorageOutageTests
{
    static async Task SignalAsync(string signal, IEnumerable<int> pids)
    {
        foreach (int pid in pids)
        {
            using Process kill = Process.Start(new ProcessStartInfo("kill", [signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }
    }

    [Fact]
    public async Task FrozenStorage_Answers503WithRetryAfterWithinTheBound_HealthShowsIt_AndTheHostRecoversAfterwards()
    {
        string location = TestPaths.NewTempDirectory("azurite-frozen");
        AzuriteProcess azurite = await AzuriteProcess.StartAsync(AzuriteProcess.FindExecutable(AppContext.BaseDirectory)!, location, TimeSpan.FromSeconds(90), CancellationToken.None);
        int[] frozen = [];
        SelfHostInstance? host = null;
        try
        {
            Dictionary<string, string?> settings = SelfHostInstance.NewSettings(azurite.ConnectionString);
            settings["Paperclip:Storage:RequestTimeout"] = "00:00:03";
            host = await SelfHostInstance.StartAsync(settings);
            string company = await Scenario.CompanyAsync(host.Board);
            string issue = (await Scenario.IssueAsync(host.Board, company, null, "survive the outage"))["id"]!.GetValue<string>();

            frozen = AzuriteProcess.Serving(location).Where(p => !p.Supervisor).Select(p => p.Pid).ToArray();
            Assert.NotEmpty(frozen);
            await SignalAsync("-STOP", frozen);

            // A write and a read: each answers within the 3 s bound (plus slack for a loaded machine), never hangs.
            foreach ((HttpMethod method, string path, object? body) in new (HttpMethod, string, object?)[]
            {
                (HttpMethod.Post, $"api/issues/{issue}/comments", new { body = "written during the outage" }),
                (HttpMethod.Get, $"api/companies/{company}/issues/{issue}", null),
            })
            {
                Stopwatch clock = Stopwatch.StartNew();
                (HttpStatusCode status, JsonNode? problem, HttpResponseMessage response) = await host.Board.SendAsync(method, path, body);
                Assert.True(status == HttpStatusCode.ServiceUnavailable, $"{method} {path}: {status} {problem?.ToJsonString()}");
                Assert.Equal("storage_unavailable", problem!["code"]!.GetValue<string>());
                Assert.Equal("5", response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{method} {path} took {clock.Elapsed}");
            }

            // Health knows at once.
            Stopwatch healthClock = Stopwatch.StartNew();
            (HttpStatusCode healthStatus, JsonNode? health, _) = await host.Board.SendAsync(HttpMethod.Get, "api/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, healthStatus);
            Assert.StartsWith("failed", health!["checks"]!["storage"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.True(healthClock.Elapsed < TimeSpan.FromSeconds(15), $"health took {healthClock.Elapsed}");

            await SignalAsync("-CONT", frozen);
            frozen = [];
            await host.Board.PollAsync("api/health", h => h["status"]!.GetValue<string>() == "healthy", TimeSpan.FromMinutes(2));

            // Storage is back: reads and writes answer, and the outage's comment is either whole or absent.
            Assert.Equal("survive the outage", (await host.Board.GetAsync($"api/issues/{issue}"))["title"]!.GetValue<string>());
            JsonArray comments = (await host.Board.GetAsync($"api/issues/{issue}/comments")).AsArray();
            Assert.All(comments, c => Assert.Equal("written during the outage", c!["body"]!.GetValue<string>()));
            Assert.True(comments.Count <= 1);
            await host.Board.CreateAsync($"api/issues/{issue}/comments", new { body = "after the outage" });
        }
        finally
        {
            // Storage first, so the host's shutdown is not itself stuck on it.
            if (frozen.Length > 0)
            {
                await SignalAsync("-CONT", frozen);
            }

            if (host is not null)
            {
                await host.DisposeAsync();
            }

            await azurite.DisposeAsync();
            TestPaths.TryDelete(location);
        }
    }
}
