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
        return group;
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
