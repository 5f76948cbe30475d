using System.Diagnostics;
using System.Text;
using Paperclip.Core.Ports;
using Paperclip.Ssh.Execution;

namespace Paperclip.Ssh.Tests;

/// <summary>Commands on a "remote" box: a real sshd on 127.0.0.1, so the box's processes are this machine's to inspect.</summary>
public sealed class SshExecutionTargetTests : IAsyncLifetime
{
    static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    Box box = null!;
    string scratch = null!;

    public async Task InitializeAsync()
    {
        this.box = await Box.OpenAsync();
        this.scratch = Directory.CreateDirectory(Path.Combine(this.box.Sshd.WorkspaceRoot, "run")).FullName;
    }

    public async Task DisposeAsync() => await this.box.DisposeAsync();

    SshExecutionTarget Target => new(this.box.Connection.Client);

    ExecutionCommand Sh(string script, IReadOnlyDictionary<string, string>? env = null, params string[] args) =>
        new("sh", ["-c", script, "sh", .. args], this.scratch, env ?? new Dictionary<string, string>());

    static async Task<(string Out, string Err, ExecutionExit Exit)> DrainAsync(IExecutionHandle handle)
    {
        Task<string> output = new StreamReader(handle.StandardOutput, Encoding.UTF8).ReadToEndAsync();
        Task<string> error = new StreamReader(handle.StandardError, Encoding.UTF8).ReadToEndAsync();
        ExecutionExit exit = await handle.Exited.WaitAsync(Generous);
        return (await output.WaitAsync(Generous), await error.WaitAsync(Generous), exit);
    }

    static bool Alive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    static async Task<int> PidFromAsync(string file)
    {
        using CancellationTokenSource timeout = new(Generous);
        while (!(File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 }))
        {
            await Task.Delay(50, timeout.Token);
        }

        return int.Parse(File.ReadAllText(file).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    static async Task GoneAsync(int pid)
    {
        using CancellationTokenSource timeout = new(Generous);
        while (Alive(pid))
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    [Fact]
    public async Task Argv_Environment_AndStdin_ArriveVerbatim_AndTheExitCodeComesBack()
    {
        Dictionary<string, string> env = new() { ["GREETING"] = "it's \"quoted\" $HOME `x`\nsecond line", ["PATH"] = "/ignored" };
        ExecutionCommand command = this.Sh("printf '%s|' \"$@\"; printf '%s' \"$GREETING\" >&2; echo; cat; echo \"path=$PATH\"; echo \"launcher=$(tr '\\0' ' ' < /proc/$PPID/cmdline)\"; exit 3", env, "a b", "it's", "$(id)") with
        {
            StandardInput = Encoding.UTF8.GetBytes("from stdin\n"),
        };

        await using IExecutionHandle handle = await this.Target.StartAsync(command, CancellationToken.None);
        (string output, string error, ExecutionExit exit) = await DrainAsync(handle);

        Assert.Equal(ExecutionExit.WithCode(3), exit);
        string[] lines = output.Split('\n');
        Assert.Equal(("a b|it's|$(id)|", "from stdin"), (lines[0], lines[1]));
        Assert.DoesNotContain("/ignored", lines[2], StringComparison.Ordinal);
        Assert.Equal(env["GREETING"], error);
        // The launcher ("sh <control>/launch", the command's parent) removed its control directory.
        string control = Path.GetDirectoryName(lines[3]["launcher=sh ".Length..].Trim())!;
        Assert.StartsWith("/tmp/paperclip-run.", control, StringComparison.Ordinal); // the box's TMPDIR: sshd gives sessions none
        Assert.False(Directory.Exists(control));
    }

    [Fact]
    public async Task H_S4_ASecret_IsOnNoCommandLine_OfAnyProcess_WhileTheCommandRuns()
    {
        string secret = "s3cret-" + Guid.NewGuid().ToString("N");
        string marker = Path.Combine(this.scratch, "started");
        await using IExecutionHandle handle = await this.Target.StartAsync(
            this.Sh($"echo $$ > '{marker}'; test -n \"$TOKEN\" && sleep 300", new Dictionary<string, string> { ["TOKEN"] = secret }), CancellationToken.None);
        int pid = await PidFromAsync(marker);

        foreach (string dir in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
            }
            catch (IOException)
            {
                continue;
            }

            Assert.DoesNotContain(secret, cmdline, StringComparison.Ordinal);
        }

        Assert.True(Alive(pid));
        Assert.Equal(ExecutionExit.BySignal("SIGTERM"), await handle.StopAsync(TimeSpan.FromSeconds(10), CancellationToken.None));
    }

    [Fact]
    public async Task Stop_TermsTheWholeGroup_AndKillsWhatIgnoresIt_AfterTheGrace()
    {
        string child = Path.Combine(this.scratch, "child");
        await using (IExecutionHandle polite = await this.Target.StartAsync(this.Sh($"sleep 300 & echo $! > '{child}'; wait"), CancellationToken.None))
        {
            int sleeper = await PidFromAsync(child);
            Assert.Equal(ExecutionExit.BySignal("SIGTERM"), await polite.StopAsync(TimeSpan.FromSeconds(10), CancellationToken.None));
            await GoneAsync(sleeper);
        }

        File.Delete(child);
        await using IExecutionHandle stubborn = await this.Target.StartAsync(this.Sh($"trap '' TERM; sleep 300 & echo $! > '{child}'; wait; wait"), CancellationToken.None);
        int ignorer = await PidFromAsync(child);
        Stopwatch watch = Stopwatch.StartNew();
        Assert.Equal(ExecutionExit.BySignal("SIGKILL"), await stubborn.StopAsync(TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1));
        await GoneAsync(ignorer);
    }

    [Fact]
    public async Task AMissingProgramOrDirectory_IsAStartFailure_NotARun()
    {
        ExecutionStartException program = await Assert.ThrowsAsync<ExecutionStartException>(() =>
            this.Target.StartAsync(new ExecutionCommand("no-such-agent-cli", [], this.scratch, new Dictionary<string, string>()), CancellationToken.None));
        Assert.Contains("no-such-agent-cli was not found on the remote PATH", program.Message, StringComparison.Ordinal);

        ExecutionStartException directory = await Assert.ThrowsAsync<ExecutionStartException>(() =>
            this.Target.StartAsync(this.Sh("true") with { WorkingDirectory = Path.Combine(this.scratch, "missing") }, CancellationToken.None));
        Assert.Contains("does not exist on the remote box", directory.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADroppedConnection_EndsTheRun_AndTheBoxKillsTheCommandsGroup()
    {
        string child = Path.Combine(this.scratch, "orphan");
        IExecutionHandle handle = await this.Target.StartAsync(this.Sh($"sleep 300 & echo $! > '{child}'; wait"), CancellationToken.None);
        int sleeper = await PidFromAsync(child);

        this.box.Sshd.KillSessions();

        ExecutionLostException lost = await Assert.ThrowsAsync<ExecutionLostException>(() => handle.Exited.WaitAsync(Generous));
        Assert.Equal("ssh_connection_lost", lost.Code);
        await GoneAsync(sleeper);
    }

    [Fact]
    public async Task TheBoxsShellProfiles_AreSourced_OnlyWhenTheEnvironmentAsks()
    {
        // sshd's SetEnv gives the login a HOME of the test's own, so its profile is written nowhere else.
        string home = Directory.CreateTempSubdirectory("paperclip-home-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(home, ".profile"), "echo noisy profile; export FROM_PROFILE=yes\n");
            await using Box box = await Box.OpenAsync($"SetEnv HOME={home}");
            ExecutionCommand echo = new("sh", ["-c", "printf '%s|%s' \"${FROM_PROFILE:-none}\" \"$HOME\""], box.Sshd.WorkspaceRoot, new Dictionary<string, string> { ["HOME"] = "/run/home" });
            Directory.CreateDirectory(box.Sshd.WorkspaceRoot);

            (string plain, _, _) = await DrainAsync(await new SshExecutionTarget(box.Connection.Client).StartAsync(echo, CancellationToken.None));
            (string sourced, _, _) = await DrainAsync(await new SshExecutionTarget(box.Connection.Client, sourceShellProfiles: true).StartAsync(echo, CancellationToken.None));

            // Sourced with the login's HOME, silently, before the run's own environment (whose HOME wins).
            Assert.Equal("none|/run/home", plain);
            Assert.Equal("yes|/run/home", sourced);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
