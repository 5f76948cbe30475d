using System.CommandLine;
using System.Text.Json.Nodes;
using Paperclip.Api;
using Paperclip.Cli.Http;
using Paperclip.Cli.Output;

namespace Paperclip.Cli.Commands;

/// <summary><c>paperclip projects</c>.</summary>
public static class ProjectsCommand
{
    /// <summary>The command group.</summary>
    public static Command Create()
    {
        Command group = new("projects", "Projects: create, list, show.");
        group.Subcommands.Add(RouteCommand.Create("list", "Lists the company's projects.", ApiRoutes.ListProjects, Views.Project));
        group.Subcommands.Add(RouteCommand.Create("show", "Shows a project.", ApiRoutes.GetProject, Views.Project));
        group.Subcommands.Add(RouteCommand.Create("create", "Creates a project (--data for workspaceCwd, executionWorkspacePolicy…).", ApiRoutes.CreateProject, Views.Project, ("name", "name"), ("description", "description"), ("workspace-cwd", "workspaceCwd")));
        return group;
    }
}

/// <summary><c>paperclip issues</c>: the work itself, with its comments, documents, readiness and interactions.</summary>
public static class IssuesCommand
{
    /// <summary>The command group.</summary>
    public static Command Create()
    {
        Command group = new("issues", "Issues: create, list, show, change, comments, documents, readiness, checkout.");
        group.Subcommands.Add(RouteCommand.Create("list", "Lists issues (filters: --status, --assignee-agent-id).", ApiRoutes.ListIssues, Views.Issue));
        group.Subcommands.Add(Show());
        group.Subcommands.Add(RouteCommand.Create("readiness", "Shows what blocks an issue: its blockers, those unresolved, those awaiting their workspace's finalize.", ApiRoutes.GetIssueReadiness, Views.Readiness));
        group.Subcommands.Add(RouteCommand.Create("create", "Creates an issue.", ApiRoutes.CreateIssue, Views.Issue, ("title", "title"), ("description", "description"), ("assignee", "assigneeAgentId"), ("project", "projectId")));
        group.Subcommands.Add(RouteCommand.Create("patch", "Changes an issue.", ApiRoutes.PatchIssue, Views.Issue, ("title", "title"), ("status", "status"), ("assignee", "assigneeAgentId")));
        group.Subcommands.Add(RouteCommand.Create("heartbeat-context", "What an agent woken on the issue is given: the issue, its ancestors, project, comment cursor.", ApiRoutes.GetHeartbeatContext, Views.HeartbeatContext));
        group.Subcommands.Add(RouteCommand.Create("checkout", "Checks an issue out to an agent (as agents do).", ApiRoutes.CheckoutIssue, Views.Issue, ("agent", "agentId")));
        group.Subcommands.Add(RouteCommand.Create("release", "Releases an issue's checkout.", ApiRoutes.ReleaseIssue, Views.Issue));
        Command comments = new("comments", "An issue's comments.");
        comments.Subcommands.Add(RouteCommand.Create("list", "Lists an issue's comments.", ApiRoutes.ListIssueComments, Views.Comment));
        comments.Subcommands.Add(RouteCommand.Create("show", "Shows one comment.", ApiRoutes.GetIssueComment, Views.Comment));
        comments.Subcommands.Add(RouteCommand.Create("add", "Comments on an issue.", ApiRoutes.CreateIssueComment, Views.Comment, ("body", "body")));
        group.Subcommands.Add(comments);
        Command documents = new("documents", "An issue's documents (revisioned).");
        documents.Subcommands.Add(RouteCommand.Create("list", "Lists an issue's documents.", ApiRoutes.ListIssueDocuments, Views.Document));
        documents.Subcommands.Add(RouteCommand.Create("show", "Shows a document.", ApiRoutes.GetIssueDocument, Views.Document));
        documents.Subcommands.Add(RouteCommand.Create("put", "Writes a document (--data '{\"body\":…,\"baseRevisionId\":…}').", ApiRoutes.PutIssueDocument, Views.Document, ("title", "title"), ("format", "format"), ("body", "body"), ("base-revision", "baseRevisionId")));
        documents.Subcommands.Add(RouteCommand.Create("revisions", "Lists a document's revisions.", ApiRoutes.ListIssueDocumentRevisions, Views.Revision));
        documents.Subcommands.Add(RouteCommand.Create("delete", "Deletes a document.", ApiRoutes.DeleteIssueDocument, Views.Acknowledged));
        group.Subcommands.Add(documents);
        return group;
    }

    /// <summary>An issue, and for people its readiness: what blocks it, what is unresolved, what awaits a finalize.</summary>
    static Command Show()
    {
        Command command = new("show", "Shows an issue with its readiness and blockers (--json: the issue as the API gives it).");
        Argument<string> id = new("issueId") { Description = "The issue's id." };
        command.Arguments.Add(id);
        RouteCommand.Uses(ApiRoutes.GetIssue);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using Invocation invocation = new(parse, CliApp.Environment);
            Dictionary<string, string> path = new() { ["companyId"] = invocation.Company, ["issueId"] = parse.GetValue(id)! };
            JsonNode? issue = await invocation.Client.SendAsync(ApiRoutes.GetIssue, path, null, null, cancellationToken).ConfigureAwait(false);
            invocation.Printer.Print(issue, Views.Issue);
            if (invocation.Printer.Mode == OutputMode.Table)
            {
                Core.Policies.DependencyReadiness readiness = PaperclipClient.As<Core.Policies.DependencyReadiness>(
                    await invocation.Client.SendAsync(ApiRoutes.GetIssueReadiness, path, null, null, cancellationToken).ConfigureAwait(false));
                invocation.Environment.Out.WriteLine(readiness.UnresolvedBlockerIssueIds.Count == 0 && readiness.PendingFinalizeBlockerIssueIds.Count == 0
                    ? $"READY     yes ({readiness.BlockerIssueIds.Count} blockers, all done and finalized)"
                    : $"READY     no: unresolved {Ids(readiness.UnresolvedBlockerIssueIds)}; awaiting finalize {Ids(readiness.PendingFinalizeBlockerIssueIds)}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    static string Ids(IReadOnlyList<Guid> ids) => ids.Count == 0 ? "none" : string.Join(" ", ids);
}

/// <summary>
/// <c>paperclip interactions</c>: the cards agents ask the board with. An accept of a confirmation waits for its
/// workspace's finalize: the API answers 409 <c>workspace_finalize_pending</c> with <c>Retry-After</c>, and the CLI
/// counts down and retries — or, with <c>--no-wait</c>, exits 75 (try again later).
/// </summary>
public static class InteractionsCommand
{
    static readonly Option<bool> NoWait = new("--no-wait") { Description = "Do not wait for the workspace's finalize: exit 75 when it is pending." };
    static readonly Option<int> WaitSeconds = new("--wait-timeout") { Description = "How long to wait for finalize at most, in seconds (default 600).", DefaultValueFactory = _ => 600 };

    /// <summary>The command group.</summary>
    public static Command Create()
    {
        Command group = new("interactions", "Interactions on an issue: list, show, create, accept, reject, respond, cancel.");
        group.Subcommands.Add(RouteCommand.Create("list", "Lists an issue's interactions.", ApiRoutes.ListInteractions, Views.Interaction));
        group.Subcommands.Add(RouteCommand.Create("show", "Shows an interaction.", ApiRoutes.GetInteraction, Views.Interaction));
        group.Subcommands.Add(RouteCommand.Create("create", "Creates an interaction (--data '{\"kind\":…,\"payload\":…}').", ApiRoutes.CreateInteraction, Views.Interaction, ("kind", "kind"), ("title", "title")));
        group.Subcommands.Add(Accept());
        group.Subcommands.Add(RouteCommand.Create("reject", "Rejects an interaction (board).", ApiRoutes.RejectInteraction, Views.Resolution, ("reason", "reason")));
        group.Subcommands.Add(RouteCommand.Create("respond", "Answers an ask_user_questions card (--data '{\"answers\":…}').", ApiRoutes.RespondInteraction, Views.Resolution));
        group.Subcommands.Add(RouteCommand.Create("cancel", "Withdraws an interaction.", ApiRoutes.CancelInteraction, Views.Resolution));
        return group;
    }

    static Command Accept()
    {
        Command command = new("accept", "Accepts an interaction (board); a confirmation waits for its workspace's finalize first.");
        Argument<string> issue = new("issueId") { Description = "The issue's id." };
        Argument<string> interaction = new("interactionId") { Description = "The interaction's id." };
        command.Arguments.Add(issue);
        command.Arguments.Add(interaction);
        command.Options.Add(RouteCommand.Data);
        command.Options.Add(NoWait);
        command.Options.Add(WaitSeconds);
        RouteCommand.Uses(ApiRoutes.AcceptInteraction);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using Invocation invocation = new(parse, CliApp.Environment);
            Dictionary<string, string> path = new() { ["companyId"] = invocation.Company, ["issueId"] = parse.GetValue(issue)!, ["interactionId"] = parse.GetValue(interaction)! };
            JsonObject? body = RouteCommand.Body(parse, invocation.Environment, []);
            DateTimeOffset deadline = DateTimeOffset.UtcNow.AddSeconds(parse.GetValue(WaitSeconds));
            while (true)
            {
                try
                {
                    JsonNode? answer = await invocation.Client.SendAsync(ApiRoutes.AcceptInteraction, path, null, body?.DeepClone().AsObject(), cancellationToken).ConfigureAwait(false);
                    invocation.Printer.Print(answer, Views.Resolution);
                    return ExitCodes.Ok;
                }
                catch (ApiRefusedException ex) when (ex.Code == "workspace_finalize_pending")
                {
                    TimeSpan wait = ex.RetryAfter ?? TimeSpan.FromSeconds(2);
                    if (parse.GetValue(NoWait) || DateTimeOffset.UtcNow + wait > deadline)
                    {
                        throw new CliException(ExitCodes.RetryLater, $"{ex.Code}: {ex.Detail} Try again in {Math.Ceiling(wait.TotalSeconds)} s.");
                    }

                    await Countdown.WaitAsync(invocation.Printer, "The workspace is finalizing; accepting again", wait, cancellationToken).ConfigureAwait(false);
                }
            }
        });
        return command;
    }
}
