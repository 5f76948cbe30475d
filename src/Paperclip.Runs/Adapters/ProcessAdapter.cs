using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;

namespace Paperclip.Runs.Adapters;

/// <summary>
/// The <c>process</c> adapter: runs the agent's command with its arguments in the workspace, with a sanitized
/// environment (PATH plus the run's PAPERCLIP_* context, nothing else of the host's), stdin closed, and the
/// whole process tree killed when the token is cancelled (cancel, timeout or host stop: the caller tells them apart).
/// </summary>
public sealed class ProcessAdapter(IRunLogStore logs, ILogger<ProcessAdapter> logger, TimeProvider time) : IAgentAdapter
{
    /// <inheritdoc/>
    public string AdapterType => "process";

    /// <inheritdoc/>
    public async Task<ExecutionOutcome> ExecuteAsync(Agent agent, RunExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(context);
        ProcessAdapterConfig config = agent.AdapterConfig;
        ProcessStartInfo start = new(config.Command)
        {
            WorkingDirectory = context.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in config.Args)
        {
            start.ArgumentList.Add(arg);
        }

        SetEnvironment(start, context, config.Env);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("no process");
        }
        catch (Win32Exception)
        {
            Log.ProcessStartFailed(logger, context.RunId, config.Command);
            return ExecutionOutcome.Failed($"The command '{config.Command}' could not be started.");
        }

        using (process)
        {
            Log.ProcessStarted(logger, context.RunId, process.Id);
            process.StandardInput.Close();

            // Both pipes are drained continuously into the run's log, so a chatty agent never blocks on a full pipe.
            await using RunOutputCapture capture = new(logs, context.CompanyId, context.RunId, time);
            Task drainOut = capture.PumpAsync(process.StandardOutput.BaseStream, isStderr: false, CancellationToken.None);
            Task drainErr = capture.PumpAsync(process.StandardError.BaseStream, isStderr: true, CancellationToken.None);
            // Recorded while the agent runs, not before: it only helps find an orphan later.
            Task recordingPid = this.RecordProcessAsync(context, process.Id);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Cancelled, timed out (the orchestration's durable timer) or the host is stopping: the caller knows which.
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                await Task.WhenAll(drainOut, drainErr, recordingPid).ConfigureAwait(false);
                Log.ProcessStopped(logger, context.RunId);
                return await WithOutputAsync(ExecutionOutcome.StoppedOnRequest(), capture).ConfigureAwait(false);
            }

            await Task.WhenAll(drainOut, drainErr, recordingPid).ConfigureAwait(false);
            Log.ProcessExited(logger, context.RunId, process.ExitCode);
            return await WithOutputAsync(ExecutionOutcome.Exited(process.ExitCode), capture).ConfigureAwait(false);
        }
    }

    async Task RecordProcessAsync(RunExecutionContext context, int processId)
    {
        if (context.ProcessStarted is not { } started)
        {
            return;
        }

        try
        {
            await started(processId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only a hint for finding an orphan later; the run goes on without it.
            Log.PidNotRecorded(logger, context.RunId, ex.GetType().Name);
        }
    }

    static async Task<ExecutionOutcome> WithOutputAsync(ExecutionOutcome outcome, RunOutputCapture capture)
    {
        // The pumps are done: append the rest now so the outcome carries the log's final length.
        await capture.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return outcome with
        {
            StdoutExcerpt = capture.StdoutExcerpt,
            StderrExcerpt = capture.StderrExcerpt,
            LogBytes = capture.LogBytes,
        };
    }

    static void SetEnvironment(ProcessStartInfo start, RunExecutionContext context, IReadOnlyDictionary<string, EnvBinding>? configured)
    {
        string? path = Environment.GetEnvironmentVariable("PATH");
        start.Environment.Clear();
        if (path is not null)
        {
            start.Environment["PATH"] = path;
        }

        start.Environment["HOME"] = context.WorkingDirectory;
        start.Environment["LANG"] = "C.UTF-8";

        // The agent's own variables may replace the base three; the run's context below always wins.
        foreach ((string name, EnvBinding value) in configured ?? new Dictionary<string, EnvBinding>())
        {
            if (value.Value is { } plain)
            {
                start.Environment[name] = plain;
            }
        }

        foreach ((string name, Core.Secrets.SecretValue secret) in context.SecretEnvironment)
        {
            start.Environment[name] = secret.Reveal();
        }

        start.Environment["PAPERCLIP_RUN_ID"] = context.RunId.ToString();
        start.Environment["PAPERCLIP_COMPANY_ID"] = context.CompanyId.ToString();
        start.Environment["PAPERCLIP_AGENT_ID"] = context.AgentId.ToString();
        start.Environment["PAPERCLIP_ISSUE_ID"] = context.IssueId.ToString();
        start.Environment["PAPERCLIP_WORKSPACE_DIR"] = context.WorkingDirectory;
        if (context.ApiUrl is not null)
        {
            start.Environment["PAPERCLIP_API_URL"] = context.ApiUrl.ToString().TrimEnd('/');
        }

        if (context.ApiKey is not null)
        {
            start.Environment["PAPERCLIP_API_KEY"] = context.ApiKey;
        }
    }
}
