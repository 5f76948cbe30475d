using Microsoft.Extensions.Logging;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;
using Paperclip.Core.Secrets;

namespace Paperclip.Runs.Adapters;

/// <summary>
/// The <c>process</c> adapter: runs the agent's command with its arguments in the workspace on the execution target,
/// with the run's environment (the target adds only its PATH), stdin closed, output captured to the run's log. When
/// the token is cancelled (cancel, timeout or host stop: the caller tells them apart) the command is asked to stop
/// and forced after the agent's <c>graceSec</c>.
/// </summary>
public sealed class ProcessAdapter(IExecutionTarget target, IRunLogStore logs, ILogger<ProcessAdapter> logger, TimeProvider time) : IAgentAdapter
{
    /// <summary>How long the output of a command its target lost is still read.</summary>
    static readonly TimeSpan LostDrainWait = TimeSpan.FromSeconds(5);

    /// <inheritdoc/>
    public string AdapterType => "process";

    /// <inheritdoc/>
    public async Task<ExecutionOutcome> ExecuteAsync(Agent agent, RunExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(context);
        ProcessAdapterConfig config = agent.AdapterConfig;
        ExecutionCommand command = new(config.Command, config.Args, context.WorkingDirectory, EnvironmentFor(context, config.Env));
        IExecutionHandle handle;
        try
        {
            handle = await (context.Target ?? target).StartAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (ExecutionStartException ex)
        {
            Log.ProcessStartFailed(logger, context.RunId, config.Command);
            return ExecutionOutcome.Failed(ex.Message);
        }

        await using (handle.ConfigureAwait(false))
        {
            Log.ProcessStarted(logger, context.RunId, handle.ProcessId);

            // Both pipes are drained continuously into the run's log, so a chatty agent never blocks on a full pipe.
            await using RunOutputCapture capture = new(logs, context.CompanyId, context.RunId, time);
            Task drainOut = capture.PumpAsync(handle.StandardOutput, isStderr: false, CancellationToken.None);
            Task drainErr = capture.PumpAsync(handle.StandardError, isStderr: true, CancellationToken.None);
            // Recorded while the agent runs, not before: it only helps find an orphan later.
            Task recordingPid = handle.ProcessId is { } pid ? this.RecordProcessAsync(context, pid) : Task.CompletedTask;
            ExecutionExit? exit = null;
            ExecutionLostException? lost = null;
            bool stopped = false;
            try
            {
                exit = await handle.Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Cancelled, timed out (the orchestration's durable timer) or the host is stopping: the caller knows which.
                try
                {
                    exit = await handle.StopAsync(config.StopGrace(), CancellationToken.None).ConfigureAwait(false);
                    stopped = true;
                    Log.ProcessStopped(logger, context.RunId, exit.ExitCode, exit.Signal);
                }
                catch (ExecutionLostException ex)
                {
                    lost = ex;
                }
            }
            catch (ExecutionLostException ex)
            {
                lost = ex;
            }

            // A lost target may never end its streams: what arrived so far is kept, without waiting for ever.
            Task drained = Task.WhenAll(drainOut, drainErr, recordingPid);
            await (lost is null ? drained : Task.WhenAny(drained, Task.Delay(LostDrainWait, time, CancellationToken.None))).ConfigureAwait(false);
            ExecutionOutcome outcome = lost is not null ? ExecutionOutcome.LostByTarget(lost.Code, lost.Message)
                : stopped ? ExecutionOutcome.StoppedOnRequest()
                : exit!.ExitCode is { } code ? ExecutionOutcome.Exited(code)
                : ExecutionOutcome.Failed($"The agent was ended by {exit.Signal}.");
            if (lost is not null)
            {
                Log.ProcessLostByTarget(logger, context.RunId, lost.Code);
            }
            else if (!stopped)
            {
                Log.ProcessExited(logger, context.RunId, exit!.ExitCode, exit.Signal);
            }

            // The pumps are done: append the rest now so the outcome carries the log's final length.
            await capture.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return outcome with
            {
                StdoutExcerpt = capture.StdoutExcerpt,
                StderrExcerpt = capture.StderrExcerpt,
                LogBytes = capture.LogBytes,
            };
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

    /// <summary>
    /// The agent's environment: HOME (the workspace) and LANG, the agent's own variables and bound secrets, then the
    /// run's context, which always wins. The target adds its PATH; nothing else of any host's environment is passed.
    /// </summary>
    static Dictionary<string, string> EnvironmentFor(RunExecutionContext context, IReadOnlyDictionary<string, EnvBinding>? configured)
    {
        Dictionary<string, string> env = new(StringComparer.Ordinal)
        {
            ["HOME"] = context.WorkingDirectory,
            ["LANG"] = "C.UTF-8",
        };

        foreach ((string name, EnvBinding value) in configured ?? new Dictionary<string, EnvBinding>())
        {
            if (value.Value is { } plain)
            {
                env[name] = plain;
            }
        }

        foreach ((string name, SecretValue secret) in context.SecretEnvironment)
        {
            env[name] = secret.Reveal();
        }

        env["PAPERCLIP_RUN_ID"] = context.RunId.ToString();
        env["PAPERCLIP_COMPANY_ID"] = context.CompanyId.ToString();
        env["PAPERCLIP_AGENT_ID"] = context.AgentId.ToString();
        env["PAPERCLIP_ISSUE_ID"] = context.IssueId.ToString();
        env["PAPERCLIP_TASK_ID"] = context.IssueId.ToString();
        if (context.WakeReason is not null)
        {
            env["PAPERCLIP_WAKE_REASON"] = context.WakeReason;
        }

        if (context.WakeCommentId is { } comment)
        {
            env["PAPERCLIP_WAKE_COMMENT_ID"] = comment.ToString();
        }

        env["PAPERCLIP_WORKSPACE_DIR"] = context.WorkingDirectory;
        if (context.ApiUrl is not null)
        {
            env["PAPERCLIP_API_URL"] = context.ApiUrl;
        }

        if (context.ApiKey is not null)
        {
            env["PAPERCLIP_API_KEY"] = context.ApiKey;
        }

        if (context.BridgeMode is not null)
        {
            env["PAPERCLIP_API_BRIDGE_MODE"] = context.BridgeMode;
        }

        return env;
    }
}
