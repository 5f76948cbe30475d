using System.CommandLine;
using System.Text.Json.Nodes;
using Paperclip.Api;
using Paperclip.Cli.Output;
using Paperclip.Core.Domain.Environments;
using Spectre.Console;

namespace Paperclip.Cli.Commands;

/// <summary><c>paperclip workspaces</c>.</summary>
public static class WorkspacesCommand
{
    /// <summary>The command group.</summary>
    public static Command Create()
    {
        Command group = new("workspaces", "Execution workspaces: list, show (with finalize state and line), operations, archive.");
        group.Subcommands.Add(RouteCommand.Create("list", "Lists the company's execution workspaces.", ApiRoutes.ListWorkspaces, Views.Workspace));
        group.Subcommands.Add(RouteCommand.Create("show", "Shows a workspace: its finalize state, active and queued runs.", ApiRoutes.GetWorkspace, Views.Workspace));
        group.Subcommands.Add(RouteCommand.Create("operations", "Lists a workspace's operations (prepare, finalize, provision, teardown…).", ApiRoutes.ListWorkspaceOperations, Views.Operation));
        group.Subcommands.Add(RouteCommand.Create("archive", "Archives a workspace: teardown, worktree cleanup (board).", ApiRoutes.ArchiveWorkspace, Views.Workspace));
        return group;
    }
}

/// <summary><c>paperclip activity</c>.</summary>
public static class ActivityCommand
{
    /// <summary>The command group.</summary>
    public static Command Create()
    {
        Command group = new("activity", "The company's activity log.");
        group.Subcommands.Add(RouteCommand.Create("list", "Lists activity, newest first.", ApiRoutes.ListActivity, Views.Activity));
        return group;
    }
}

/// <summary>
/// <c>paperclip environments</c>: where agents execute. A probe that meets an unknown SSH host key shows its
/// fingerprint and, on a terminal, asks whether to pin it (or pins it with <c>--trust-host-key</c>).
/// </summary>
public static class EnvironmentsCommand
{
    static readonly Option<bool> TrustHostKey = new("--trust-host-key") { Description = "Pin the box's host key if it is not known yet (without asking)." };

    /// <summary>The command group.</summary>
    public static Command Create()
    {
        Command group = new("environments", "Execution environments: create (local, ssh), list, show, change, delete, probe, leases.");
        group.Subcommands.Add(RouteCommand.Create("list", "Lists the company's environments (filters: --status, --driver).", ApiRoutes.ListEnvironments, Views.Environment));
        group.Subcommands.Add(RouteCommand.Create("show", "Shows an environment.", ApiRoutes.GetEnvironment, Views.Environment));
        group.Subcommands.Add(RouteCommand.Create("capabilities", "Which drivers each adapter can execute in.", ApiRoutes.GetEnvironmentCapabilities, Views.Capabilities));
        group.Subcommands.Add(RouteCommand.Create("create", "Creates an environment (board): --driver local|ssh, --data '{\"config\":{…}}'.", ApiRoutes.CreateEnvironment, Views.Environment, ("name", "name"), ("driver", "driver"), ("description", "description")));
        group.Subcommands.Add(RouteCommand.Create("patch", "Changes an environment (board).", ApiRoutes.PatchEnvironment, Views.Environment, ("name", "name"), ("status", "status")));
        group.Subcommands.Add(RouteCommand.Create("delete", "Deletes an environment no live run uses (board).", ApiRoutes.DeleteEnvironment, Views.Environment));
        group.Subcommands.Add(RouteCommand.Create("probe-config", "Probes a config before saving it (board).", ApiRoutes.ProbeEnvironmentConfig, Views.Probe));
        group.Subcommands.Add(RouteCommand.Create("leases", "Lists the runs' leases of an environment (board).", ApiRoutes.ListEnvironmentLeases, Views.Lease));
        group.Subcommands.Add(RouteCommand.Create("lease", "Shows one environment lease (board).", ApiRoutes.GetEnvironmentLease, Views.Lease));
        group.Subcommands.Add(Probe());
        Command lab = new("lab", "Checks an environment end to end.");
        lab.Subcommands.Add(Verify());
        group.Subcommands.Add(lab);
        return group;
    }

    const string LabName = "paperclip-lab";
    const string LabFile = "paperclip-lab.txt";

    /// <summary>
    /// <c>environments lab verify</c>: a probe, then two real runs in a shared workspace of a lab project on the
    /// environment — the first writes a file on the box (merged back here), the second must find that file on the box
    /// (so the workspace synced out) and changes it (merged back again). The lab project and agent are reused; each
    /// verify files one issue.
    /// </summary>
    static Command Verify()
    {
        Command command = new("verify", "Probes an environment, then syncs a small workspace out, runs a command there and merges its change back.");
        Argument<string> id = new("environmentId") { Description = "The environment's id." };
        command.Arguments.Add(id);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using Invocation invocation = new(parse, CliApp.Environment);
            string company = invocation.Company;
            string environment = parse.GetValue(id)!;
            Dictionary<string, string> inCompany = new() { ["companyId"] = company };
            EnvironmentProbeResult probe = Http.PaperclipClient.As<EnvironmentProbeResult>(await invocation.Client.SendAsync(ApiRoutes.ProbeEnvironment,
                new Dictionary<string, string>(inCompany) { ["environmentId"] = environment }, null, new JsonObject { ["trustHostKey"] = false }, cancellationToken).ConfigureAwait(false));
            invocation.Printer.Note($"probe: {(probe.Ok ? "ok" : "failed")} — {probe.Summary}");
            if (!probe.Ok)
            {
                throw new CliException(ExitCodes.Refused, $"{probe.Code}: {probe.Summary}" + (probe.Code == "host_key_unknown" ? " (pin it with: paperclip environments probe " + environment + ")" : string.Empty));
            }

            string project = await FindOrCreateAsync(invocation, ApiRoutes.ListProjects, ApiRoutes.CreateProject, inCompany, LabName + "-" + environment,
                name => new JsonObject { ["name"] = name, ["description"] = "Used by paperclip environments lab verify.", ["executionWorkspacePolicy"] = new JsonObject { ["enabled"] = true, ["defaultMode"] = "shared_workspace", ["environmentId"] = environment } },
                cancellationToken).ConfigureAwait(false);
            string agent = await FindOrCreateAsync(invocation, ApiRoutes.ListAgents, ApiRoutes.CreateAgent, inCompany, LabName + "-" + environment,
                name => new JsonObject { ["name"] = name, ["adapterType"] = "process", ["adapterConfig"] = Script("true"), ["defaultEnvironmentId"] = environment },
                cancellationToken).ConfigureAwait(false);
            string issue = (await invocation.Client.SendAsync(ApiRoutes.CreateIssue, inCompany, null,
                new JsonObject { ["title"] = "Lab: verify environment " + environment, ["projectId"] = project, ["assigneeAgentId"] = agent }, cancellationToken).ConfigureAwait(false))!["id"]!.GetValue<string>();

            string nonce = Guid.NewGuid().ToString("N");
            bool remote = probe.Driver != "local";
            await RunStepAsync(invocation, inCompany, agent, issue, remote, "out and back", $"printf '%s\\n' {nonce} > {LabFile}", cancellationToken).ConfigureAwait(false);
            await RunStepAsync(invocation, inCompany, agent, issue, remote, "round trip", $"test \"$(cat {LabFile})\" = {nonce} && printf '%s\\n' {nonce}-back > {LabFile}", cancellationToken).ConfigureAwait(false);
            invocation.Printer.Note($"lab verify: environment {environment} works end to end — the workspace synced out, the command ran on the box, its change merged back.");
            return ExitCodes.Ok;
        });
        return command;
    }

    static JsonObject Script(string script) => new() { ["command"] = "sh", ["args"] = new JsonArray("-c", script), ["timeoutSec"] = 120 };

    /// <summary>
    /// One lab run: the agent's command set to <paramref name="script"/>, woken on the issue, watched to its end; on a
    /// remote environment its finalize must have merged the lab file back (a local one works in place).
    /// </summary>
    static async Task RunStepAsync(Invocation invocation, Dictionary<string, string> inCompany, string agent, string issue, bool remote, string step, string script, CancellationToken cancellationToken)
    {
        Dictionary<string, string> onAgent = new(inCompany) { ["agentId"] = agent };
        await invocation.Client.SendAsync(ApiRoutes.PatchAgent, onAgent, null, new JsonObject { ["adapterConfig"] = Script(script) }, cancellationToken).ConfigureAwait(false);
        string run = (await invocation.Client.SendAsync(ApiRoutes.WakeupAgent, onAgent, null, new JsonObject { ["issueId"] = issue, ["reason"] = "lab verify" }, cancellationToken).ConfigureAwait(false))?["runId"]?.GetValue<string>()
            ?? throw new CliException(ExitCodes.Refused, "The lab agent's wake queued no run.");
        int exit = await RunWatch.WatchAsync(invocation, run, cancellationToken).ConfigureAwait(false);
        Core.Services.Runs.RunView finished = Http.PaperclipClient.As<Core.Services.Runs.RunView>(await invocation.Client.SendAsync(ApiRoutes.GetRun, new Dictionary<string, string>(inCompany) { ["runId"] = run }, null, null, cancellationToken).ConfigureAwait(false));
        bool merged = !remote || finished.Operations.Any(o => o.Phase == Core.Domain.WorkspacePhases.WorkspaceFinalize && o.Merge?.Written.Contains(LabFile) == true);
        if (exit != 0 || !merged)
        {
            throw new CliException(ExitCodes.Refused, $"lab verify failed at its {step} run {run}: {(exit != 0 ? $"the command exited {exit}" : $"finalize did not merge {LabFile} back")}; see paperclip runs show {run}.");
        }

        invocation.Printer.Note($"lab {step}: run {run} succeeded and merged {LabFile} back.");
    }

    /// <summary>The id of the company's <paramref name="name"/> (a project or agent), made with <paramref name="body"/> when there is none.</summary>
    static async Task<string> FindOrCreateAsync(Invocation invocation, ApiRoute list, ApiRoute create, Dictionary<string, string> inCompany, string name, Func<string, JsonObject> body, CancellationToken cancellationToken)
    {
        JsonArray existing = (await invocation.Client.SendAsync(list, inCompany, null, null, cancellationToken).ConfigureAwait(false))?.AsArray() ?? [];
        return existing.FirstOrDefault(e => e?["name"]?.GetValue<string>() == name && e["status"]?.GetValue<string>() is null or not "terminated")?["id"]?.GetValue<string>()
            ?? (await invocation.Client.SendAsync(create, inCompany, null, body(name), cancellationToken).ConfigureAwait(false))!["id"]!.GetValue<string>();
    }

    static Command Probe()
    {
        Command command = new("probe", "Probes a saved environment; an unknown host key is shown, and pinned if you say so.");
        Argument<string> id = new("environmentId") { Description = "The environment's id." };
        command.Arguments.Add(id);
        command.Options.Add(TrustHostKey);
        RouteCommand.Uses(ApiRoutes.ProbeEnvironment);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using Invocation invocation = new(parse, CliApp.Environment);
            Dictionary<string, string> path = new() { ["companyId"] = invocation.Company, ["environmentId"] = parse.GetValue(id)! };
            bool trust = parse.GetValue(TrustHostKey);
            JsonNode? answer = await invocation.Client.SendAsync(ApiRoutes.ProbeEnvironment, path, null, new JsonObject { ["trustHostKey"] = trust }, cancellationToken).ConfigureAwait(false);
            EnvironmentProbeResult result = Http.PaperclipClient.As<EnvironmentProbeResult>(answer);
            if (!result.Ok && result.Code == "host_key_unknown" && !trust && invocation.Printer.Terminal && invocation.Printer.Mode == OutputMode.Table)
            {
                invocation.Printer.Note(result.Summary);
                if (invocation.Printer.Console.Confirm("Pin this host key and probe again?", defaultValue: false))
                {
                    answer = await invocation.Client.SendAsync(ApiRoutes.ProbeEnvironment, path, null, new JsonObject { ["trustHostKey"] = true }, cancellationToken).ConfigureAwait(false);
                    result = Http.PaperclipClient.As<EnvironmentProbeResult>(answer);
                }
            }

            invocation.Printer.Print(answer, Views.Probe);
            return result.Ok ? ExitCodes.Ok : ExitCodes.Refused;
        });
        return command;
    }
}

/// <summary>
/// <c>paperclip secrets</c> and <c>paperclip vaults</c>: company secrets and the vaults that hold them. A value is read
/// from a file or stdin, never from the command line, and no command prints one.
/// </summary>
public static class SecretsCommand
{
    /// <summary>The secrets group.</summary>
    public static Command Create()
    {
        Command group = new("secrets", "Company secrets: create, list, show, change, rotate, delete, usage, access events, remote import.");
        group.Subcommands.Add(RouteCommand.Create("list", "Lists the company's secrets (never their values).", ApiRoutes.ListSecrets, Views.Secret));
        group.Subcommands.Add(RouteCommand.Create("show", "Shows a secret (never its value).", ApiRoutes.GetSecret, Views.Secret));
        group.Subcommands.Add(RouteCommand.CreateWithSecret("create", "Creates a secret: the value from --value-file or --value-stdin.", ApiRoutes.CreateSecret, Views.Secret, "value", ("key", "key"), ("name", "name"), ("provider", "provider"), ("vault", "providerConfigId"), ("external-ref", "externalRef")));
        group.Subcommands.Add(RouteCommand.Create("patch", "Changes a secret's name, key, status or vault.", ApiRoutes.UpdateSecret, Views.Secret, ("key", "key"), ("name", "name"), ("status", "status")));
        group.Subcommands.Add(RouteCommand.CreateWithSecret("rotate", "Rotates a secret to a new version: the value from --value-file or --value-stdin.", ApiRoutes.RotateSecret, Views.Secret, "value", ("external-ref", "externalRef")));
        group.Subcommands.Add(RouteCommand.Create("delete", "Deletes a secret.", ApiRoutes.DeleteSecret, Views.Acknowledged));
        group.Subcommands.Add(RouteCommand.Create("usage", "Where a secret is bound.", ApiRoutes.GetSecretUsage, Views.Usage));
        group.Subcommands.Add(RouteCommand.Create("access-events", "Who resolved a secret, when.", ApiRoutes.ListSecretAccessEvents, Views.AccessEvent));
        group.Subcommands.Add(RouteCommand.Create("providers", "Lists the secret providers and whether each is configured.", ApiRoutes.ListSecretProviders, Views.Provider));
        group.Subcommands.Add(RouteCommand.Create("providers-health", "Each provider's deployment-level health.", ApiRoutes.GetSecretProvidersHealth, Views.ProvidersHealth));
        Command import = new("import", "Imports secrets from a vault's remote store.");
        import.Subcommands.Add(RouteCommand.Create("preview", "Lists what an import would bring (--vault ID).", ApiRoutes.PreviewSecretImport, Views.ImportPreview, ("vault", "providerConfigId"), ("query", "query"), ("next-token", "nextToken")));
        import.Subcommands.Add(RouteCommand.Create("commit", "Imports the selected secrets (--data '{\"providerConfigId\":…,\"secrets\":[…]}').", ApiRoutes.ImportSecrets, Views.ImportResult, ("vault", "providerConfigId")));
        group.Subcommands.Add(import);
        return group;
    }

    /// <summary>The vaults group.</summary>
    public static Command CreateVaults()
    {
        Command group = new("vaults", "Secret vaults (provider configs): create, list, show, change, disable, default, health.");
        group.Subcommands.Add(RouteCommand.Create("list", "Lists the company's vaults.", ApiRoutes.ListSecretVaults, Views.Vault));
        group.Subcommands.Add(RouteCommand.Create("show", "Shows a vault.", ApiRoutes.GetSecretVault, Views.Vault));
        group.Subcommands.Add(RouteCommand.Create("create", "Creates a vault (--data '{\"config\":{…}}').", ApiRoutes.CreateSecretVault, Views.Vault, ("provider", "provider"), ("name", "displayName")));
        group.Subcommands.Add(RouteCommand.Create("patch", "Changes a vault.", ApiRoutes.UpdateSecretVault, Views.Vault, ("name", "displayName"), ("status", "status")));
        group.Subcommands.Add(RouteCommand.Create("disable", "Disables a vault.", ApiRoutes.DisableSecretVault, Views.Vault));
        group.Subcommands.Add(RouteCommand.Create("default", "Makes a vault its provider's default.", ApiRoutes.SetDefaultSecretVault, Views.Vault));
        group.Subcommands.Add(RouteCommand.Create("health", "Checks a vault's health now.", ApiRoutes.CheckSecretVaultHealth, Views.VaultHealth));
        return group;
    }
}
