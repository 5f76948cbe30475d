using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>
/// Runs on an SSH environment through the API, end to end on a real sshd on 127.0.0.1 (the "box" is this machine, so
/// the tests can look at its processes and files): sync out, remote execution, merge back with conflicts, stops, a
/// dropped connection, secrets kept off every command line, and two workspaces on one box at once.
/// </summary>
[Collection(HostCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RemoteRunTests(HostFixture fixture) : IAsyncLifetime
{
    static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);
    readonly string scratch = Path.Combine(Path.GetTempPath(), "paperclip-remote-" + Guid.NewGuid().ToString("N"));
    readonly Dictionary<string, string> environmentIds = [];
    SshdServer sshd = null!;

    ApiClient Board => fixture.Host.Board;

    string RemoteRoot => Path.Combine(this.sshd.WorkspaceRoot, "ws");

    public async Task InitializeAsync()
    {
        this.sshd = await SshdServer.StartAsync();
        Directory.CreateDirectory(this.scratch);
    }

    public async Task DisposeAsync()
    {
        await this.sshd.DisposeAsync();
        TestPaths.TryDelete(this.scratch);
    }

    /// <summary>A company with a pinned SSH environment; returns both ids.</summary>
    async Task<(string Company, string Environment)> EnvironmentAsync()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        JsonNode environment = await this.Board.CreateAsync($"api/companies/{company}/environments", new
        {
            name = "builder",
            driver = "ssh",
            config = new { host = "127.0.0.1", port = this.sshd.Port, username = this.sshd.User, remoteWorkspacePath = this.RemoteRoot, privateKey = this.sshd.PrivateKey, knownHosts = this.sshd.KnownHostsLine },
        });
        this.environmentIds[company] = environment["id"]!.GetValue<string>();
        return (company, this.environmentIds[company]);
    }

    /// <summary>A local workspace directory with a few files, run as the shared workspace of a project on the environment.</summary>
    async Task<(string Project, string Local)> ProjectAsync(string company, string environment, string name = "web")
    {
        string local = Directory.CreateDirectory(Path.Combine(this.scratch, name)).FullName;
        File.WriteAllText(Path.Combine(local, "keep.txt"), "kept\n");
        File.WriteAllText(Path.Combine(local, "edit.txt"), "before\n");
        File.WriteAllText(Path.Combine(local, "gone.txt"), "doomed\n");
        File.WriteAllText(Path.Combine(local, "tool.sh"), "echo tool\n");
        Directory.CreateDirectory(Path.Combine(local, "src"));
        File.WriteAllText(Path.Combine(local, "src", "main.c"), "int main(void) { return 0; }\n");
        string project = (await this.Board.CreateAsync($"api/companies/{company}/projects", new
        {
            name,
            workspaceCwd = local,
            executionWorkspacePolicy = new { enabled = true, defaultMode = "shared_workspace", environmentId = environment },
        }))["id"]!.GetValue<string>();
        return (project, local);
    }

    /// <summary>Creates an agent whose default is the environment (upstream's rule: an agent with no default runs locally), assigns it an issue of the project, wakes it.</summary>
    async Task<string> StartAsync(string company, string project, string script, int? timeoutSec = null, object? env = null)
    {
        Dictionary<string, object> config = new() { ["command"] = "sh", ["args"] = new[] { "-c", script } };
        if (timeoutSec is { } seconds)
        {
            config["timeoutSec"] = seconds;
        }

        if (env is not null)
        {
            config["env"] = env;
        }

        JsonNode agent = await this.Board.CreateAsync($"api/companies/{company}/agents", new { name = "remote-" + Guid.NewGuid().ToString("N")[..6], adapterType = "process", adapterConfig = config, defaultEnvironmentId = this.environmentIds[company] });
        string agentId = agent["id"]!.GetValue<string>();
        JsonNode issue = await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Build it", projectId = project, assigneeAgentId = agentId });
        return await Scenario.WakeAsync(this.Board, company, agentId, new { issueId = issue["id"]!.GetValue<string>() });
    }

    string RunDirectory(string runId) => Path.Combine(this.RemoteRoot, ".paperclip-runtime", "runs", runId, "workspace");

    static async Task UntilAsync(Func<bool> condition)
    {
        using CancellationTokenSource timeout = new(Generous);
        while (!condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    static bool Alive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    static async Task<int> PidAsync(string file)
    {
        await UntilAsync(() => File.Exists(file) && File.ReadAllText(file).Trim().Length > 0);
        return int.Parse(File.ReadAllText(file).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    static JsonNode Finalize(JsonNode run) => run["operations"]!.AsArray().Single(o => o!["phase"]!.GetValue<string>() == "workspace_finalize")!;

    [Fact]
    public async Task ARun_ExecutesOnTheBox_InItsOwnDirectory_AndItsEditsAddsDeletesAndChmodsComeBack()
    {
        (string company, string environment) = await this.EnvironmentAsync();
        (string project, string local) = await this.ProjectAsync(company, environment);

        // Left on the box by earlier runs whose finalize failed: one past the retention (7 days), one within it.
        string stale = Path.Combine(this.RemoteRoot, ".paperclip-runtime", "runs", Guid.NewGuid().ToString());
        string recent = Path.Combine(this.RemoteRoot, ".paperclip-runtime", "runs", Guid.NewGuid().ToString());
        foreach (string kept in new[] { stale, recent })
        {
            Directory.CreateDirectory(Path.Combine(kept, "workspace"));
            File.WriteAllText(Path.Combine(kept, "workspace", "left.txt"), "left behind");
        }

        Directory.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-8));

        string runId = await this.StartAsync(company, project,
            "pwd; echo \"home=$HOME\"; echo after > edit.txt; echo fresh > added.txt; rm gone.txt; chmod 755 tool.sh; mkdir -p lib && echo lib > lib/util.c; ln -s src/main.c link.c");
        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, runId);

        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.ToJsonString());
        string[] output = run["stdoutExcerpt"]!.GetValue<string>().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(this.RunDirectory(runId), output[0]);
        Assert.Equal($"home={this.RunDirectory(runId)}", output[1]);

        Assert.Equal("after\n", File.ReadAllText(Path.Combine(local, "edit.txt")));
        Assert.Equal("fresh\n", File.ReadAllText(Path.Combine(local, "added.txt")));
        Assert.Equal("lib\n", File.ReadAllText(Path.Combine(local, "lib", "util.c")));
        Assert.Equal("kept\n", File.ReadAllText(Path.Combine(local, "keep.txt")));
        Assert.False(File.Exists(Path.Combine(local, "gone.txt")));
        Assert.Equal("src/main.c", new FileInfo(Path.Combine(local, "link.c")).LinkTarget);
        Assert.True(File.GetUnixFileMode(Path.Combine(local, "tool.sh")).HasFlag(UnixFileMode.UserExecute));

        // The report is on the finalize operation and in the run's view; the run's directory left the box.
        JsonNode merge = Finalize(run)["merge"]!;
        Assert.Equal("succeeded", Finalize(run)["status"]!.GetValue<string>());
        Assert.Equal(merge.ToJsonString(), run["merge"]!.ToJsonString());
        Assert.Equal(0, merge["conflictCount"]!.GetValue<int>());
        Assert.Equal(1, merge["deletedCount"]!.GetValue<int>());
        Assert.Contains("added.txt", merge["written"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Null(merge["refused"]);
        Assert.False(Directory.Exists(Path.Combine(this.RemoteRoot, ".paperclip-runtime", "runs", runId)));
        Assert.False(Directory.Exists(stale));
        Assert.True(Directory.Exists(recent));

        // The run held a lease on the environment, given back at finalize.
        JsonNode lease = Assert.Single((await this.Board.GetAsync($"api/companies/{company}/environments/{environment}/leases")).AsArray())!;
        Assert.Equal((runId, "released", "success", "ssh"), (lease["heartbeatRunId"]!.GetValue<string>(), lease["status"]!.GetValue<string>(), lease["cleanupStatus"]!.GetValue<string>(), lease["provider"]!.GetValue<string>()));
        Assert.Equal(lease.ToJsonString(), (await this.Board.GetAsync($"api/companies/{company}/environment-leases/{lease["id"]}")).ToJsonString());
        Assert.Empty((await this.Board.GetAsync($"api/companies/{company}/environments/{environment}/leases?status=active")).AsArray());

        // A second run sends only what changed since the mirror's manifest, and sees the first run's work.
        File.WriteAllText(Path.Combine(local, "keep.txt"), "kept, edited here\n");
        string second = await this.StartAsync(company, project, "cat keep.txt added.txt; test -x tool.sh && echo executable");
        JsonNode again = await Scenario.FinishedRunAsync(this.Board, company, second);
        Assert.True(again["status"]!.GetValue<string>() == "succeeded", again.ToJsonString());
        Assert.Equal("kept, edited here\nfresh\nexecutable\n", again["stdoutExcerpt"]!.GetValue<string>());
        Assert.Equal(0, again["merge"]!["writtenCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task ALocalEditDuringTheRun_IsKept_AndTheBoxsEditOfTheSameFileSurfacesAsAConflict()
    {
        (string company, string environment) = await this.EnvironmentAsync();
        (string project, string local) = await this.ProjectAsync(company, environment);
        string go = Path.Combine(this.scratch, "go");

        string runId = await this.StartAsync(company, project, $"echo remote > edit.txt; echo remote-only > keep.txt; while [ ! -f '{go}' ]; do sleep 0.05; done");
        await UntilAsync(() => File.Exists(Path.Combine(this.RunDirectory(runId), "keep.txt")) && File.ReadAllText(Path.Combine(this.RunDirectory(runId), "keep.txt")) == "remote-only\n");
        File.WriteAllText(Path.Combine(local, "edit.txt"), "local\n");
        File.WriteAllText(go, "go");
        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, runId);

        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.ToJsonString());
        Assert.Equal("local\n", File.ReadAllText(Path.Combine(local, "edit.txt")));
        Assert.Equal("remote-only\n", File.ReadAllText(Path.Combine(local, "keep.txt")));
        JsonNode conflict = Assert.Single(run["merge"]!["conflicts"]!.AsArray())!;
        Assert.Equal(("edit.txt", "edit_edit", "modified", "modified"), (conflict["path"]!.GetValue<string>(), conflict["kind"]!.GetValue<string>(), conflict["localState"]!.GetValue<string>(), conflict["remoteState"]!.GetValue<string>()));
        Assert.Equal("remote\n", File.ReadAllText(Path.Combine(local, conflict["keptAs"]!.GetValue<string>())));
        Assert.Equal(1, Finalize(run)["merge"]!["conflictCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task CancelAndTimeout_KillTheRemoteProcessGroup()
    {
        (string company, string environment) = await this.EnvironmentAsync();
        (string project, _) = await this.ProjectAsync(company, environment);
        string cancelPid = Path.Combine(this.scratch, "cancel.pid");
        string timeoutPid = Path.Combine(this.scratch, "timeout.pid");

        string cancelled = await this.StartAsync(company, project, $"sleep 300 & echo $! > '{cancelPid}'; wait");
        int sleeper = await PidAsync(cancelPid);
        await this.Board.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post, $"api/companies/{company}/runs/{cancelled}/cancel");
        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, cancelled);
        Assert.Equal("cancelled", run["status"]!.GetValue<string>());
        await UntilAsync(() => !Alive(sleeper));

        string timedOut = await this.StartAsync(company, project, $"sleep 300 & echo $! > '{timeoutPid}'; wait", timeoutSec: 2);
        int other = await PidAsync(timeoutPid);
        run = await Scenario.FinishedRunAsync(this.Board, company, timedOut);
        Assert.Equal("timed_out", run["status"]!.GetValue<string>());
        await UntilAsync(() => !Alive(other));
    }

    [Fact]
    public async Task ADroppedConnection_FailsTheRunWithSshConnectionLost_AndFinalizeStillBringsItsWorkBack()
    {
        (string company, string environment) = await this.EnvironmentAsync();
        (string project, string local) = await this.ProjectAsync(company, environment);
        string pid = Path.Combine(this.scratch, "drop.pid");

        string runId = await this.StartAsync(company, project, $"echo 'written before the drop' > progress.txt; sleep 300 & echo $! > '{pid}'; wait");
        int sleeper = await PidAsync(pid);
        this.sshd.KillSessions();
        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, runId);

        Assert.Equal(("failed", "ssh_connection_lost"), (run["status"]!.GetValue<string>(), run["errorCode"]!.GetValue<string>()));
        await UntilAsync(() => !Alive(sleeper));
        Assert.Equal("succeeded", Finalize(run)["status"]!.GetValue<string>());
        Assert.Equal("written before the drop\n", File.ReadAllText(Path.Combine(local, "progress.txt")));
        JsonNode lease = Assert.Single((await this.Board.GetAsync($"api/companies/{company}/environments/{environment}/leases")).AsArray())!;
        Assert.Equal(("failed", "success"), (lease["status"]!.GetValue<string>(), lease["cleanupStatus"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ARunWhoseDirectoryVanishesFromTheBox_FailsFinalize_AndTheWorkspaceShowsItsBarrierDown()
    {
        (string company, string environment) = await this.EnvironmentAsync();
        (string project, _) = await this.ProjectAsync(company, environment);

        string runId = await this.StartAsync(company, project, "rm -rf \"$PWD\"");
        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, runId);

        Assert.Equal(("failed", "remote_workspace_missing"), (run["status"]!.GetValue<string>(), run["errorCode"]!.GetValue<string>()));
        Assert.Equal("failed", Finalize(run)["status"]!.GetValue<string>());
        JsonNode workspace = await this.Board.GetAsync($"api/companies/{company}/workspaces/{run["executionWorkspaceId"]}");
        Assert.Equal(("failed", "workspace_finalize"), (workspace["finalizeState"]!.GetValue<string>(), workspace["latestOperation"]!["phase"]!.GetValue<string>()));
        JsonNode lease = Assert.Single((await this.Board.GetAsync($"api/companies/{company}/environments/{environment}/leases")).AsArray())!;
        Assert.Equal(("failed", "failed"), (lease["status"]!.GetValue<string>(), lease["cleanupStatus"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Secrets_AndTheRunsKey_AreOnNoCommandLine_OnEitherSide()
    {
        (string company, string environment) = await this.EnvironmentAsync();
        (string project, _) = await this.ProjectAsync(company, environment);
        string value = "pw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        string secretId = (await this.Board.CreateAsync($"api/companies/{company}/secrets", new { name = "Deploy token", value }))["id"]!.GetValue<string>();
        string go = Path.Combine(this.scratch, "go-secret");
        string ready = Path.Combine(this.scratch, "ready");

        string runId = await this.StartAsync(company, project,
            $"printf '%s' \"$DEPLOY_TOKEN\" | sha256sum | cut -c1-64 > '{ready}.tmp'; printf '%s' \"$PAPERCLIP_API_KEY\" > '{ready}.key'; mv '{ready}.tmp' '{ready}'; while [ ! -f '{go}' ]; do sleep 0.05; done",
            env: new Dictionary<string, object> { ["DEPLOY_TOKEN"] = new { type = "secret_ref", secretId } });
        await UntilAsync(() => File.Exists(ready));
        string key = File.ReadAllText(ready + ".key");
        try
        {
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value))), File.ReadAllText(ready).Trim());
            // The box gets the run's bridge token, never the run's own key (that stays on the control plane).
            Assert.StartsWith("pcbt_", key, StringComparison.Ordinal);
            foreach (string cmdline in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)).Select(CommandLineOf))
            {
                Assert.DoesNotContain(value, cmdline, StringComparison.Ordinal);
                Assert.DoesNotContain(key, cmdline, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.WriteAllText(go, "go");
        }

        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, runId);
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.ToJsonString());
    }

    [Fact]
    public async Task AGitWorkspace_CarriesItsHistoryOut_AndTheBoxsCommitsComeBack_FastForwardOrMerged()
    {
        (string company, string environment) = await this.EnvironmentAsync();
        (string project, string repo) = await this.ProjectAsync(company, environment, "repo");
        TestGit.Run(repo, "init", "-q", "-b", "main");
        TestGit.Run(repo, "add", "-A");
        TestGit.Commit(repo, "first");
        TestGit.Commit(repo, "second", allowEmpty: true);
        const string Identity = "git -c user.name=box -c user.email=box@example.com";

        // The box sees the history and the branch; it commits one change and leaves another uncommitted.
        string runId = await this.StartAsync(company, project,
            $"git log --format=%s; git rev-parse --abbrev-ref HEAD; test -z \"$(git status --porcelain)\" && echo clean; echo more >> keep.txt; {Identity} commit -qam 'from the box'; echo dirty > notes.txt");
        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, runId);

        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.ToJsonString());
        Assert.Equal("second\nfirst\nmain\nclean\n", run["stdoutExcerpt"]!.GetValue<string>());
        Assert.Equal("from the box", TestGit.Run(repo, "log", "-1", "--format=%s"));
        Assert.Equal("?? notes.txt", TestGit.Run(repo, "status", "--porcelain"));
        Assert.Equal(("fast_forward", TestGit.Run(repo, "rev-parse", "HEAD")), (run["merge"]!["history"]!["outcome"]!.GetValue<string>(), run["merge"]!["history"]!["head"]!.GetValue<string>()));
        Assert.Equal(string.Empty, TestGit.Run(repo, "for-each-ref", "refs/paperclip"));

        // Both sides commit (different files): a merge commit joins them, and the tree has both changes.
        string go = Path.Combine(this.scratch, "go-git");
        string second = await this.StartAsync(company, project, $"echo box >> src/main.c; {Identity} commit -qam 'box change'; while [ ! -f '{go}' ]; do sleep 0.05; done");
        string boxMain = Path.Combine(this.RunDirectory(second), "src", "main.c");

        // The run's copy appears file by file: .git may be there before src/main.c is.
        await UntilAsync(() => Directory.Exists(Path.Combine(this.RunDirectory(second), ".git")) && File.Exists(boxMain) && File.ReadAllText(boxMain).EndsWith("box\n", StringComparison.Ordinal));
        File.AppendAllText(Path.Combine(repo, "edit.txt"), "local\n");
        TestGit.Run(repo, "add", "edit.txt");
        TestGit.Commit(repo, "local change");
        File.WriteAllText(go, "go");
        run = await Scenario.FinishedRunAsync(this.Board, company, second);

        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.ToJsonString());
        Assert.Equal("merged", run["merge"]!["history"]!["outcome"]!.GetValue<string>());
        Assert.Equal(3, TestGit.Run(repo, "rev-list", "--parents", "-n", "1", "HEAD").Split(' ').Length);
        Assert.EndsWith("box\n", File.ReadAllText(Path.Combine(repo, "src", "main.c")), StringComparison.Ordinal);
        Assert.EndsWith("local\n", File.ReadAllText(Path.Combine(repo, "edit.txt")), StringComparison.Ordinal);
        Assert.Equal("?? notes.txt", TestGit.Run(repo, "status", "--porcelain"));
    }

    static string CommandLineOf(string process)
    {
        try
        {
            return File.ReadAllText(Path.Combine(process, "cmdline")).Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty; // the process ended meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    [Fact]
    public async Task TwoRunsOnTwoWorkspaces_ShareOneBox_AtOnce()
    {
        (string company, string environment) = await this.EnvironmentAsync();
        (string first, string firstLocal) = await this.ProjectAsync(company, environment, "one");
        (string second, string secondLocal) = await this.ProjectAsync(company, environment, "two");
        string both = Path.Combine(this.scratch, "both");
        string script = $"echo $PAPERCLIP_RUN_ID > mine.txt; touch \"{both}.$PAPERCLIP_RUN_ID\"; while [ $(ls '{this.scratch}' | grep -c '^both\\.') -lt 2 ]; do sleep 0.05; done";

        string[] runs = await Task.WhenAll(this.StartAsync(company, first, script), this.StartAsync(company, second, script));
        JsonNode[] finished = await Task.WhenAll(runs.Select(r => Scenario.FinishedRunAsync(this.Board, company, r)));

        Assert.All(finished, r => Assert.True(r["status"]!.GetValue<string>() == "succeeded", r.ToJsonString()));
        Assert.Equal(runs[0] + "\n", File.ReadAllText(Path.Combine(firstLocal, "mine.txt")));
        Assert.Equal(runs[1] + "\n", File.ReadAllText(Path.Combine(secondLocal, "mine.txt")));
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(this.RemoteRoot, ".paperclip-runtime", "mirrors")).Length);
    }
}
