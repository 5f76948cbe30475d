using System.Text;
using Paperclip.Core.Ports;
using Paperclip.Runs.Targets.Local;

namespace Paperclip.Runs.Tests.Targets;

/// <summary>The local execution target on real processes (sh, cat, sleep) in a temp directory.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LocalExecutionTargetTests : IDisposable
{
    static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    readonly string dir = Directory.CreateTempSubdirectory("paperclip-target-").FullName;
    readonly LocalExecutionTarget target = new(TimeProvider.System);

    public void Dispose() => Directory.Delete(this.dir, recursive: true);

    ExecutionCommand Sh(string script, IReadOnlyDictionary<string, string>? env = null) =>
        new("sh", ["-c", script], this.dir, env ?? new Dictionary<string, string>());

    [Fact]
    public async Task Start_PassesArgvVerbatim_TheCommandsEnvironmentPlusPathOnly_AndTheWorkingDirectory()
    {
        ExecutionCommand command = new(
            "sh", ["-c", "printf '%s|' \"$1\" \"$2\" \"$FOO\" \"${HOSTNAME_LEAK-unset}\" \"$(pwd)\"; test -n \"$PATH\"", "argv0", "a b", "'$(x)'"],
            this.dir, new Dictionary<string, string> { ["FOO"] = "bar baz" });
        Environment.SetEnvironmentVariable("HOSTNAME_LEAK", "leaked");
        try
        {
            (ExecutionExit exit, string stdout, _) = await RunAsync(await this.target.StartAsync(command, CancellationToken.None));
            Assert.Equal(ExecutionExit.WithCode(0), exit);
            Assert.Equal($"a b|'$(x)'|bar baz|unset|{this.dir}|", stdout);
        }
        finally
        {
            Environment.SetEnvironmentVariable("HOSTNAME_LEAK", null);
        }
    }

    [Fact]
    public async Task Start_WritesStdin_KeepsStdoutAndStderrApart_AndReportsTheExitCode()
    {
        ExecutionCommand command = this.Sh("cat; echo oops >&2; exit 3") with { StandardInput = Encoding.UTF8.GetBytes("hello\n") };
        (ExecutionExit exit, string stdout, string stderr) = await RunAsync(await this.target.StartAsync(command, CancellationToken.None));
        Assert.Equal((3, null, "hello\n", "oops\n"), (exit.ExitCode, exit.Signal, stdout, stderr));
    }

    [Fact]
    public async Task Start_ClosesStdinWhenNoneIsGiven()
    {
        (ExecutionExit exit, string stdout, _) = await RunAsync(await this.target.StartAsync(this.Sh("cat; echo done"), CancellationToken.None));
        Assert.Equal((0, "done\n"), (exit.ExitCode, stdout));
    }

    [Fact]
    public async Task Start_RefusesAMissingProgram_OrWorkingDirectory_BeforeAnythingRuns()
    {
        ExecutionStartException missing = await Assert.ThrowsAsync<ExecutionStartException>(() =>
            this.target.StartAsync(new ExecutionCommand("paperclip-no-such-program", [], this.dir, new Dictionary<string, string>()), CancellationToken.None));
        Assert.Contains("'paperclip-no-such-program' could not be started", missing.Message, StringComparison.Ordinal);

        await Assert.ThrowsAsync<ExecutionStartException>(() =>
            this.target.StartAsync(this.Sh("true") with { WorkingDirectory = Path.Combine(this.dir, "gone") }, CancellationToken.None));

        // A relative path is the working directory's, and must be executable.
        string script = Path.Combine(this.dir, "agent.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho from-script\n");
        await Assert.ThrowsAsync<ExecutionStartException>(() =>
            this.target.StartAsync(new ExecutionCommand("./agent.sh", [], this.dir, new Dictionary<string, string>()), CancellationToken.None));
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        (ExecutionExit exit, string stdout, _) = await RunAsync(await this.target.StartAsync(new ExecutionCommand("./agent.sh", [], this.dir, new Dictionary<string, string>()), CancellationToken.None));
        Assert.Equal((0, "from-script\n"), (exit.ExitCode, stdout));
    }

    [Fact]
    public async Task Stop_AsksFirst_ACommandThatHonoursSigtermEndsItsOwnWay()
    {
        await using IExecutionHandle handle = await this.target.StartAsync(this.Sh("trap 'echo bye; exit 7' TERM; echo ready; while :; do sleep 0.1; done"), CancellationToken.None);
        StreamReader stdout = new(handle.StandardOutput);
        Assert.Equal("ready", await stdout.ReadLineAsync().WaitAsync(Generous));

        ExecutionExit exit = await handle.StopAsync(Generous, CancellationToken.None).WaitAsync(Generous);
        Assert.Equal(ExecutionExit.WithCode(7), exit);
        Assert.Equal("bye", await stdout.ReadLineAsync().WaitAsync(Generous));
    }

    [Fact]
    public async Task Stop_ForcesACommandThatIgnoresSigterm_AfterTheGrace_WithItsWholeProcessGroup()
    {
        await using IExecutionHandle handle = await this.target.StartAsync(this.Sh("trap '' TERM; sleep 300 & echo $!; echo ready; while :; do sleep 0.1; done"), CancellationToken.None);
        StreamReader stdout = new(handle.StandardOutput);
        int child = int.Parse(await stdout.ReadLineAsync().WaitAsync(Generous) ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("ready", await stdout.ReadLineAsync().WaitAsync(Generous));

        ExecutionExit exit = await handle.StopAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None).WaitAsync(Generous);
        Assert.Equal(ExecutionExit.BySignal("SIGKILL"), exit);
        await AssertGoneAsync(child);
    }

    [Fact]
    public async Task Exit_EndsWhatTheCommandLeftRunning_SoNothingHoldsItsOutputOpen()
    {
        // The background child keeps stdout open: the streams end only because the group is killed at exit.
        IExecutionHandle handle = await this.target.StartAsync(this.Sh("sleep 300 & echo $!"), CancellationToken.None);
        (ExecutionExit exit, string stdout, _) = await RunAsync(handle);
        Assert.Equal(0, exit.ExitCode);
        await AssertGoneAsync(int.Parse(stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ToString_OfACommand_NeverShowsItsEnvironment()
    {
        ExecutionCommand command = new("agent", ["--x"], this.dir, new Dictionary<string, string> { ["TOKEN"] = "s3cret-value" });
        Assert.DoesNotContain("s3cret-value", command.ToString(), StringComparison.Ordinal);
    }

    static async Task<(ExecutionExit Exit, string Stdout, string Stderr)> RunAsync(IExecutionHandle handle)
    {
        await using (handle)
        {
            Task<string> stdout = new StreamReader(handle.StandardOutput).ReadToEndAsync();
            Task<string> stderr = new StreamReader(handle.StandardError).ReadToEndAsync();
            ExecutionExit exit = await handle.Exited.WaitAsync(Generous);
            return (exit, await stdout.WaitAsync(Generous), await stderr.WaitAsync(Generous));
        }
    }

    /// <summary>The process is gone (or a zombie): bounded, polling /proc, which the kill makes true within milliseconds.</summary>
    static async Task AssertGoneAsync(int pid)
    {
        DateTime deadline = DateTime.UtcNow + Generous;
        while (File.Exists($"/proc/{pid}/stat") && !(await File.ReadAllTextAsync($"/proc/{pid}/stat")).Contains(") Z ", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"process {pid} is still running");
            await Task.Delay(20);
        }
    }
}
