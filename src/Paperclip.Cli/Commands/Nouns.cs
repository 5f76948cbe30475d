using System.CommandLine;
using System.Text.Json.Nodes;
using Paperclip.Api;
using Paperclip.Cli.Connection;
using Paperclip.Cli.Output;

namespace Paperclip.Cli.Commands;

/// <summary><c>paperclip companies</c>.</summary>
public static class CompaniesCommand
{
    /// <summary>The command group.</summary>
    public static Command Create()
    {
        Command group = new("companies", "Companies: list, show, create, and choose the one to act in.");
        group.Subcommands.Add(RouteCommand.Create("list", "Lists the companies the key may see.", ApiRoutes.ListCompanies, Views.Company));
        group.Subcommands.Add(RouteCommand.Create("create", "Creates a company (board).", ApiRoutes.CreateCompany, Views.Company, ("name", "name")));
        RouteCommand.Uses(ApiRoutes.GetCompany);
        Command show = new("show", "Shows a company.");
        Argument<string> id = new("companyId") { Description = "The company's id." };
        show.Arguments.Add(id);
        show.SetAction(async (parse, cancellationToken) =>
        {
            using Invocation invocation = new(parse, CliApp.Environment);
            JsonNode? answer = await invocation.Client.SendAsync(ApiRoutes.GetCompany, new Dictionary<string, string> { ["companyId"] = parse.GetValue(id)! }, null, null, cancellationToken).ConfigureAwait(false);
            invocation.Printer.Print(answer, Views.Company);
            return ExitCodes.Ok;
        });
        group.Subcommands.Add(show);

        Command use = new("use", "Makes a company the current profile's default (--company for one command).");
        Argument<string> chosen = new("companyId") { Description = "The company's id." };
        use.Arguments.Add(chosen);
        use.SetAction(async (parse, cancellationToken) =>
        {
            using Invocation invocation = new(parse, CliApp.Environment);
            string company = parse.GetValue(chosen)!;
            await invocation.Client.SendAsync(ApiRoutes.GetCompany, new Dictionary<string, string> { ["companyId"] = company }, null, null, cancellationToken).ConfigureAwait(false);
            ProfileStore store = invocation.Environment.Profiles;
            ProfileFile file = store.Read();
            string name = invocation.Client.Endpoint.ProfileName ?? throw new CliException(ExitCodes.Usage, "No profile to save the company in: run paperclip login first.");
            file.Profiles[name] = file.Profiles[name] with { Company = company };
            store.Write(file);
            invocation.Printer.Note($"Profile '{name}' now acts in company {company}.");
            return ExitCodes.Ok;
        });
        group.Subcommands.Add(use);
        return group;
    }
}

/// <summary><c>paperclip agents</c>.</summary>
public static class AgentsCommand
{
    /// <summary>The command group.</summary>
    public static Command Create()
    {
        Command group = new("agents", "Agents: hire, list, show, change, pause and resume, keys, wake.");
        group.Subcommands.Add(RouteCommand.Create("list", "Lists the company's agents.", ApiRoutes.ListAgents, Views.Agent));
        group.Subcommands.Add(RouteCommand.Create("show", "Shows an agent.", ApiRoutes.GetAgent, Views.Agent));
        group.Subcommands.Add(RouteCommand.Create("create", "Hires an agent (board): --name and --data '{\"adapterType\":\"process\",\"adapterConfig\":{…}}'.", ApiRoutes.CreateAgent, Views.Agent, ("name", "name"), ("adapter-type", "adapterType")));
        group.Subcommands.Add(RouteCommand.Create("patch", "Changes an agent (board).", ApiRoutes.PatchAgent, Views.Agent, ("name", "name"), ("status", "status")));
        group.Subcommands.Add(Status("pause", "Pauses an agent: no new runs until resumed.", "paused"));
        group.Subcommands.Add(Status("resume", "Resumes a paused agent.", "active"));
        group.Subcommands.Add(Wakeup());
        group.Subcommands.Add(RouteCommand.Create("wakeups", "Lists an agent's recent wakes and what became of each.", ApiRoutes.ListAgentWakeups, Views.Wakeups));
        group.Subcommands.Add(RouteCommand.Create("me", "Shows the agent whose key this is (an agent key).", ApiRoutes.GetAgentMe, Views.Agent));
        group.Subcommands.Add(RouteCommand.Create("inbox", "The calling agent's open work (an agent key).", ApiRoutes.GetAgentInboxLite, Views.Inbox));
        Command keys = new("keys", "An agent's API keys.");
        keys.Subcommands.Add(RouteCommand.Create("create", "Issues an agent API key (shown only now) (board).", ApiRoutes.CreateAgentKey, Views.AgentKey, ("name", "name")));
        group.Subcommands.Add(keys);
        return group;
    }

    static readonly Option<bool> Watch = new("--watch", "-w") { Description = "Follow the run live to its end; exit with its exit code." };
    static readonly Option<string?> Issue = new("--issue") { Description = "The issue to run on (else the agent's next)." };
    static readonly Option<string?> Reason = new("--reason") { Description = "Why it is woken." };

    /// <summary><c>wakeup</c> (under <c>agents</c>, and at the top as <c>paperclip wakeup</c>).</summary>
    public static Command Wakeup()
    {
        Command command = new("wakeup", "Wakes an agent on an issue: queues a run (--watch follows it).");
        Argument<string> id = new("agentId") { Description = "The agent's id." };
        command.Arguments.Add(id);
        command.Options.Add(Issue);
        command.Options.Add(Reason);
        command.Options.Add(RouteCommand.Data);
        command.Options.Add(Watch);
        RouteCommand.Uses(ApiRoutes.WakeupAgent);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using Invocation invocation = new(parse, CliApp.Environment);
            Dictionary<string, string> path = new() { ["companyId"] = invocation.Company, ["agentId"] = parse.GetValue(id)! };
            JsonObject body = RouteCommand.Body(parse, invocation.Environment, [("issueId", Issue), ("reason", Reason)]) ?? [];
            JsonNode? answer = await invocation.Client.SendAsync(ApiRoutes.WakeupAgent, path, null, body, cancellationToken).ConfigureAwait(false);
            if (!parse.GetValue(Watch))
            {
                invocation.Printer.Print(answer, Views.Wakeup);
                return ExitCodes.Ok;
            }

            string run = answer?["runId"]?.GetValue<string>() ?? throw new CliException(ExitCodes.Refused, "The wake queued no run to watch.");
            return await RunWatch.WatchAsync(invocation, run, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    static Command Status(string name, string description, string status)
    {
        Command command = new(name, description);
        Argument<string> id = new("agentId") { Description = "The agent's id." };
        command.Arguments.Add(id);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using Invocation invocation = new(parse, CliApp.Environment);
            Dictionary<string, string> path = new() { ["companyId"] = invocation.Company, ["agentId"] = parse.GetValue(id)! };
            JsonNode? answer = await invocation.Client.SendAsync(ApiRoutes.PatchAgent, path, null, new JsonObject { ["status"] = status }, cancellationToken).ConfigureAwait(false);
            invocation.Printer.Print(answer, Views.Agent);
            return ExitCodes.Ok;
        });
        return command;
    }
}

/// <summary><c>paperclip runs</c>.</summary>
public static class RunsCommand
{
    static readonly Option<bool> Follow = new("--follow", "-f") { Description = "Stream the log until the run ends." };

    /// <summary>The command group.</summary>
    public static Command Create()
    {
        Command group = new("runs", "Runs: list, show, logs, cancel.");
        group.Subcommands.Add(RouteCommand.Create("list", "Lists runs, newest first (filters: --agent-id, --issue-id, --status, --limit).", ApiRoutes.ListRuns, Views.Run));
        group.Subcommands.Add(RouteCommand.Create("show", "Shows a run with its phases.", ApiRoutes.GetRun, Views.RunDetail));
        group.Subcommands.Add(RouteCommand.Create("cancel", "Cancels a run.", ApiRoutes.CancelRun, Views.RunDetail));
        group.Subcommands.Add(RunWatch.Create());

        Command logs = new("logs", "Prints a run's output; --follow streams it until the run ends.");
        Argument<string> id = new("runId") { Description = "The run's id." };
        logs.Arguments.Add(id);
        logs.Options.Add(Follow);
        RouteCommand.Uses(ApiRoutes.GetRunLog);
        logs.SetAction(async (parse, cancellationToken) =>
        {
            using Invocation invocation = new(parse, CliApp.Environment);
            Dictionary<string, string> path = new() { ["companyId"] = invocation.Company, ["runId"] = parse.GetValue(id)! };
            Dictionary<string, string> query = new() { ["follow"] = "true" };
            if (!parse.GetValue(Follow))
            {
                // Without --follow: everything written so far (the stream ends at once for a run that ended).
                query["follow"] = "false";
                query["limit"] = Core.Services.Runs.RunLogSlice.MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
                JsonNode? slice = await invocation.Client.SendAsync(ApiRoutes.GetRunLog, path, query, null, cancellationToken).ConfigureAwait(false);
                if (invocation.Printer.Mode == OutputMode.Json)
                {
                    invocation.Printer.Json(slice);
                }
                else
                {
                    await invocation.Environment.Out.WriteAsync(slice?["content"]?.GetValue<string>() ?? string.Empty).ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            }

            using HttpResponseMessage response = await invocation.Client.StartAsync(ApiRoutes.GetRunLog, path, query, null, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using StreamReader reader = new(stream);
            char[] buffer = new char[8192];
            int read;
            while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await invocation.Environment.Out.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                await invocation.Environment.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        group.Subcommands.Add(logs);
        return group;
    }
}
