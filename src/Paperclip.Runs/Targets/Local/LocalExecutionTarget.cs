using System.ComponentModel;
using System.Diagnostics;
using Paperclip.Core.Ports;

namespace Paperclip.Runs.Targets.Local;

/// <summary>
/// The local execution target: runs a command as a process of this machine, in its own process group (through
/// <c>setsid</c>, which keeps the process id), so stopping it reaches everything it started. Its environment is the
/// command's plus this host's <c>PATH</c>, nothing else of the host's; no shell is involved.
/// </summary>
public sealed class LocalExecutionTarget(TimeProvider time) : IExecutionTarget
{
    /// <summary>
    /// <c>setsid</c>, where there is one (util-linux; not on macOS or Windows): the command then leads its own process
    /// group. Without it the command shares the host's group, and a stop reaches its process tree instead.
    /// </summary>
    static readonly string? SetSid = OperatingSystem.IsWindows() ? null : new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    /// <inheritdoc/>
    public Task<IExecutionHandle> StartAsync(ExecutionCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        cancellationToken.ThrowIfCancellationRequested();
        if (!Directory.Exists(command.WorkingDirectory))
        {
            throw new ExecutionStartException($"The command '{command.Program}' could not be started: its working directory does not exist.");
        }

        string? path = Environment.GetEnvironmentVariable("PATH");
        string program = ExecutableLookup.Find(command.Program, command.WorkingDirectory, path)
            ?? throw new ExecutionStartException($"The command '{command.Program}' could not be started: no such executable (looked in the working directory for a path, on PATH for a name).");
        bool ownGroup = SetSid is not null;
        ProcessStartInfo start = new(ownGroup ? SetSid! : program)
        {
            WorkingDirectory = command.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (ownGroup)
        {
            start.ArgumentList.Add(program);
        }

        foreach (string argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        if (path is not null)
        {
            start.Environment["PATH"] = path;
        }

        foreach ((string name, string value) in command.Environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ExecutionStartException($"The command '{command.Program}' could not be started.");
        }
        catch (Win32Exception ex)
        {
            throw new ExecutionStartException($"The command '{command.Program}' could not be started ({ex.Message}).", ex);
        }

        return Task.FromResult<IExecutionHandle>(new LocalExecutionHandle(process, ownGroup, command.StandardInput, time));
    }
}
