using System.Globalization;
using System.Text;
using Paperclip.Api;
using Paperclip.Cli.Http;
using Paperclip.Cli.Output;
using Paperclip.Core.Domain;
using Paperclip.Core.Services.Runs;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Paperclip.Cli.Commands;

/// <summary>
/// <c>paperclip runs watch</c>: a run live through prepare → execute → finalize — each phase's status and time, the
/// workspace line's position while the run waits to be admitted, the tail of its log, the finalize outcome (a remote
/// merge's conflicts listed) — ending with the run's exit code as the CLI's. The log comes from the API's follow
/// stream (one request for the run's life); the phases from the run itself, read once a second.
/// </summary>
public static class RunWatch
{
    const int TailLines = 12;
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    static readonly (string Name, string[] Phases)[] Stages =
    [
        ("prepare", [WorkspacePhases.WorktreePrepare, WorkspacePhases.WorkspaceProvision]),
        ("execute", [WorkspacePhases.Execute]),
        ("finalize", [WorkspacePhases.WorkspaceFinalize]),
    ];

    /// <summary>The <c>runs watch</c> command.</summary>
    public static System.CommandLine.Command Create()
    {
        System.CommandLine.Command command = new("watch", "Follows a run live through prepare, execute and finalize; exits with the run's exit code.");
        System.CommandLine.Argument<string> id = new("runId") { Description = "The run's id." };
        command.Arguments.Add(id);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using Invocation invocation = new(parse, CliApp.Environment);
            return await WatchAsync(invocation, parse.GetValue(id)!, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Watches <paramref name="runId"/> to its end; returns its exit code (0 when it succeeded without one, 1 when it failed without one).</summary>
    public static async Task<int> WatchAsync(Invocation invocation, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        Dictionary<string, string> path = new() { ["companyId"] = invocation.Company, ["runId"] = runId };
        Printer printer = invocation.Printer;
        bool live = printer.Terminal && printer.Mode == OutputMode.Table;
        LogTail tail = new(TailLines);
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task following = FollowLogAsync(invocation, path, live || printer.Mode != OutputMode.Table ? null : invocation.Environment.Out, tail, stop.Token);
        RunView run;
        try
        {
            if (live)
            {
                run = await PollAsync(invocation, path, null, cancellationToken).ConfigureAwait(false);
                await printer.Console.Live(Render(run, null, tail)).AutoClear(false).StartAsync(async context =>
                {
                    run = await PollAsync(invocation, path, (r, line) => { context.UpdateTarget(Render(r, line, tail)); context.Refresh(); }, cancellationToken).ConfigureAwait(false);
                    await following.ConfigureAwait(false);
                    context.UpdateTarget(Render(run, null, tail));
                    context.Refresh();
                }).ConfigureAwait(false);
            }
            else
            {
                string last = string.Empty;
                run = await PollAsync(invocation, path, (r, line) =>
                {
                    string now = Summary(r, line);
                    if (now != last && printer.Mode == OutputMode.Table)
                    {
                        printer.Note(now);
                    }

                    last = now;
                }, cancellationToken).ConfigureAwait(false);
                await following.ConfigureAwait(false);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }

        if (printer.Mode == OutputMode.Json)
        {
            printer.Json(await invocation.Client.SendAsync(ApiRoutes.GetRun, path, null, null, cancellationToken).ConfigureAwait(false));
        }
        else if (printer.Mode == OutputMode.Quiet)
        {
            invocation.Environment.Out.WriteLine(run.Id);
        }
        else
        {
            foreach (string line in Outcome(run))
            {
                printer.Note(line);
            }
        }

        return run.ExitCode ?? (run.Status == RunStatus.Succeeded ? ExitCodes.Ok : ExitCodes.Refused);
    }

    /// <summary>Reads the run once a second until it ended, telling <paramref name="changed"/> each time (with the line position while it waits).</summary>
    static async Task<RunView> PollAsync(Invocation invocation, Dictionary<string, string> path, Action<RunView, string?>? changed, CancellationToken cancellationToken)
    {
        while (true)
        {
            RunView run = PaperclipClient.As<RunView>(await invocation.Client.SendAsync(ApiRoutes.GetRun, path, null, null, cancellationToken).ConfigureAwait(false));
            string? line = null;
            if (run.Status == RunStatus.Queued && run.Operations.Count == 0)
            {
                WorkspaceView workspace = PaperclipClient.As<WorkspaceView>(await invocation.Client.SendAsync(ApiRoutes.GetWorkspace,
                    new Dictionary<string, string> { ["companyId"] = path["companyId"], ["workspaceId"] = run.ExecutionWorkspaceId.ToString() }, null, null, cancellationToken).ConfigureAwait(false));
                int position = workspace.QueuedRunIds.ToList().IndexOf(run.Id.ToString());
                line = position >= 0
                    ? $"waiting for workspace {workspace.Name ?? workspace.Id.ToString()}: {Ordinal(position + 1)} in line, behind run {workspace.ActiveRunId ?? "(none)"}"
                    : "waiting to be admitted";
            }

            changed?.Invoke(run, line);
            if (changed is null || run.Status.IsTerminal())
            {
                return run;
            }

            await Task.Delay(Interval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The run's log from the follow stream, to the tail (and to <paramref name="through"/> as it comes, for scripts).</summary>
    static async Task FollowLogAsync(Invocation invocation, Dictionary<string, string> path, TextWriter? through, LogTail tail, CancellationToken cancellationToken)
    {
        try
        {
            using HttpResponseMessage response = await invocation.Client.StartAsync(ApiRoutes.GetRunLog, path, new Dictionary<string, string> { ["follow"] = "true" }, null, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using StreamReader reader = new(stream, Encoding.UTF8);
            char[] buffer = new char[4096];
            int read;
            while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                tail.Append(buffer.AsSpan(0, read));
                if (through is not null)
                {
                    await through.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    await through.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The watch ended first.
        }
        catch (HttpRequestException)
        {
            // The log is a courtesy: the phases still tell how the run went.
        }
    }

    static Rows Render(RunView run, string? line, LogTail tail)
    {
        Table phases = new Table().Border(TableBorder.Rounded).Title($"run {run.Id} — {Printer.Text(run.Status)}").AddColumn("phase").AddColumn("status").AddColumn(new TableColumn("time").RightAligned());
        foreach ((string name, string status, string time) in Phases(run))
        {
            string colour = status switch { "succeeded" => "green", "failed" => "red", "running" => "yellow", _ => "grey" };
            phases.AddRow(Markup.Escape(name), $"[{colour}]{Markup.Escape(status)}[/]", Markup.Escape(time));
        }

        List<IRenderable> rows = [phases];
        if (line is not null)
        {
            rows.Add(new Markup($"[yellow]{Markup.Escape(line)}[/]"));
        }

        rows.Add(new Panel(new Text(tail.Text())).Header("log").Expand());
        return new Rows(rows);
    }

    static string Summary(RunView run, string? line) =>
        line ?? $"run {run.Id} {Printer.Text(run.Status)}: " + string.Join(", ", Phases(run).Select(p => $"{p.Name} {p.Status}"));

    static IEnumerable<(string Name, string Status, string Time)> Phases(RunView run)
    {
        foreach ((string name, string[] phases) in Stages)
        {
            OperationView[] operations = [.. run.Operations.Where(o => phases.Contains(o.Phase))];
            if (operations.Length == 0)
            {
                yield return (name, run.Status.IsTerminal() ? "skipped" : "pending", string.Empty);
                continue;
            }

            string status = operations.Any(o => o.Status == OperationStatus.Failed) ? "failed"
                : operations.Any(o => o.Status == OperationStatus.Running) ? "running" : "succeeded";
            DateTimeOffset started = operations.Min(o => o.StartedAt);
            DateTimeOffset finished = operations.All(o => o.FinishedAt is not null) ? operations.Max(o => o.FinishedAt!.Value) : DateTimeOffset.UtcNow;
            yield return (name, status, (finished - started).TotalSeconds.ToString("0.0 's'", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>How the run ended: its status and exit, and what finalize did (a remote merge's conflicts, each listed).</summary>
    static IEnumerable<string> Outcome(RunView run)
    {
        yield return $"run {run.Id} {Printer.Text(run.Status)}" + (run.ExitCode is { } code ? $", exit {code}" : string.Empty) + ((run.ErrorCode ?? run.Error) is { } error ? $": {error}" : string.Empty);
        if (run.Operations.LastOrDefault(o => o.Phase == WorkspacePhases.WorkspaceFinalize) is { } finalize)
        {
            yield return $"finalize {Printer.Text(finalize.Status)}" + (finalize.Error is { } why ? $": {why}" : string.Empty);
            if (finalize.Merge is { } merge)
            {
                yield return $"merge: {merge.FilesFetched} files fetched, {merge.WrittenCount} written, {merge.DeletedCount} deleted, {merge.ConflictCount} conflicts";
                foreach (WorkspaceMergeConflict conflict in merge.Conflicts)
                {
                    yield return $"  conflict: {conflict.Path} ({conflict.Kind})";
                }
            }
        }
    }

    static string Ordinal(int n) => n + (n % 100 is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });

    /// <summary>The last lines of the log, kept as it streams.</summary>
    sealed class LogTail(int lines)
    {
        readonly StringBuilder text = new();
        readonly Lock gate = new();

        public void Append(ReadOnlySpan<char> chunk)
        {
            lock (this.gate)
            {
                this.text.Append(chunk);
                if (this.text.Length > 64 * 1024)
                {
                    this.text.Remove(0, this.text.Length - (32 * 1024));
                }
            }
        }

        public string Text()
        {
            lock (this.gate)
            {
                string[] all = this.text.ToString().Split('\n');
                return string.Join('\n', all.TakeLast(lines + 1)).TrimEnd('\n');
            }
        }
    }
}
