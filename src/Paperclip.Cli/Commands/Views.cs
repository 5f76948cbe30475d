using Paperclip.Cli.Output;
using Paperclip.Core.Domain;
using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Policies;
using Paperclip.Core.Secrets;
using Paperclip.Core.Services.Agents;
using Paperclip.Core.Services.Environments;
using Paperclip.Core.Services.Interactions;
using Paperclip.Core.Services.Runs;

namespace Paperclip.Cli.Commands;

/// <summary>How each kind of answer shows in a table.</summary>
public static class Views
{
    public static readonly View<Company> Company = new(c => c.Id, [new("ID", c => c.Id), new("NAME", c => c.Name), new("PREFIX", c => c.IssuePrefix)]);

    public static readonly View<Agent> Agent = new(a => a.Id, [new("ID", a => a.Id), new("NAME", a => a.Name), new("STATUS", a => a.Status), new("ADAPTER", a => a.AdapterType), new("LAST HEARTBEAT", a => a.LastHeartbeatAt)]);

    public static readonly View<CreatedAgentKey> AgentKey = new(k => k.Id, [new("ID", k => k.Id), new("AGENT", k => k.AgentId), new("NAME", k => k.Name), new("KEY", k => k.Key)]);

    public static readonly View<Issue> Issue = new(i => i.Id, [new("ID", i => i.Id), new("KEY", i => i.Identifier), new("TITLE", i => i.Title), new("STATUS", i => i.Status), new("ASSIGNEE", i => i.AssigneeAgentId)]);

    public static readonly View<IssueComment> Comment = new(c => c.Id, [new("ID", c => c.Id), new("BODY", c => c.Body), new("AT", c => c.CreatedAt)]);

    public static readonly View<Run> Run = new(r => r.Id, [new("ID", r => r.Id), new("STATUS", r => r.Status), new("AGENT", r => r.AgentId), new("ISSUE", r => r.IssueId), new("WAKE", r => r.WakeReason), new("EXIT", r => r.ExitCode), new("CREATED", r => r.CreatedAt)]);

    public static readonly View<RunView> RunDetail = new(r => r.Id, [new("ID", r => r.Id), new("STATUS", r => r.Status), new("AGENT", r => r.AgentId), new("ISSUE", r => r.IssueId), new("WORKSPACE", r => r.ExecutionWorkspaceId), new("WAKE", r => r.WakeReason), new("EXIT", r => r.ExitCode), new("ERROR", r => r.ErrorCode ?? r.Error), new("STARTED", r => r.StartedAt), new("FINISHED", r => r.FinishedAt), new("PHASES", r => string.Join(", ", r.Operations.Select(o => $"{o.Phase} {Printer.Text(o.Status)}")))]);

    public static readonly View<WakeupRequest> Wakeups = new(w => w.Id, [new("ID", w => w.Id), new("STATUS", w => w.Status), new("ISSUE", w => w.IssueId), new("SOURCE", w => w.Source), new("REASON", w => w.Reason)]);

    public static readonly View<WakeupAccepted> Wakeup = new(w => w.RunId, [new("RUN", w => w.RunId), new("STATUS", w => w.Status), new("ISSUE", w => w.IssueId), new("COALESCED", w => w.Coalesced)]);

    public static readonly View<InboxItem> Inbox = new(i => i.Id, [new("ID", i => i.Id), new("KEY", i => i.Identifier), new("TITLE", i => i.Title), new("STATUS", i => i.Status), new("PRIORITY", i => i.Priority)]);

    public static readonly View<Paperclip.Core.Services.Issues.HeartbeatContext> HeartbeatContext = new(c => c.Issue.Id, [new("ISSUE", c => c.Issue.Identifier), new("TITLE", c => c.Issue.Title), new("PROJECT", c => c.Project?.Name), new("ANCESTORS", c => c.Ancestors.Count), new("WAKE COMMENT", c => c.WakeComment?.Body)]);

    public static readonly View<Paperclip.Core.Services.HealthReport> Health = new(h => h.Status, [new("STATUS", h => h.Status), new("CHECKS", h => string.Join("; ", h.Checks.Select(c => $"{c.Key}: {c.Value}")))]);

    public static readonly View<Project> Project = new(p => p.Id, [new("ID", p => p.Id), new("NAME", p => p.Name), new("DESCRIPTION", p => p.Description)]);

    public static readonly View<DependencyReadiness> Readiness = new(r => r.IssueId, [new("ISSUE", r => r.IssueId), new("BLOCKERS", r => string.Join(" ", r.BlockerIssueIds)), new("UNRESOLVED", r => string.Join(" ", r.UnresolvedBlockerIssueIds)), new("AWAITING FINALIZE", r => string.Join(" ", r.PendingFinalizeBlockerIssueIds))]);

    public static readonly View<IssueDocument> Document = new(d => d.Key, [new("KEY", d => d.Key), new("TITLE", d => d.Title), new("FORMAT", d => d.Format), new("REVISION", d => d.LatestRevisionNumber), new("UPDATED", d => d.UpdatedAt)]);

    public static readonly View<IssueDocumentRevision> Revision = new(r => r.Id, [new("ID", r => r.Id), new("REVISION", r => r.RevisionNumber), new("SUMMARY", r => r.ChangeSummary), new("BY", r => (object?)r.CreatedByAgentId ?? r.CreatedByUserId), new("AT", r => r.CreatedAt)]);

    public static readonly View<Interaction> Interaction = new(i => i.Id, [new("ID", i => i.Id), new("KIND", i => i.Kind), new("STATUS", i => i.Status), new("TITLE", i => i.Title), new("SOURCE RUN", i => i.SourceRunId), new("RESOLVED BY", i => i.ResolvedBy)]);

    public static readonly View<InteractionResolution> Resolution = new(r => r.Interaction.Id, [new("ID", r => r.Interaction.Id), new("STATUS", r => r.Interaction.Status), new("CREATED ISSUES", r => string.Join(" ", r.CreatedIssues.Select(i => i.Identifier)))]);

    public static readonly View<WorkspaceView> Workspace = new(w => w.Id, [new("ID", w => w.Id), new("NAME", w => w.Name), new("MODE", w => w.Mode), new("STATUS", w => w.Status), new("FINALIZE", w => w.FinalizeState), new("ACTIVE RUN", w => w.ActiveRunId), new("QUEUED", w => string.Join(" ", w.QueuedRunIds)), new("CWD", w => w.Cwd)]);

    public static readonly View<OperationView> Operation = new(o => o.Phase, [new("RUN", o => o.RunId), new("PHASE", o => o.Phase), new("STATUS", o => o.Status), new("EXIT", o => o.ExitCode), new("STARTED", o => o.StartedAt), new("FINISHED", o => o.FinishedAt), new("ERROR", o => o.Error)]);

    public static readonly View<ActivityLogEntry> Activity = new(a => a.Id, [new("AT", a => a.At), new("ACTOR", a => a.Actor), new("ACTION", a => a.Action), new("ENTITY", a => $"{a.EntityType} {a.EntityId}")]);

    public static readonly View<ExecutionEnvironment> Environment = new(e => e.Id, [new("ID", e => e.Id), new("NAME", e => e.Name), new("DRIVER", e => e.Driver), new("STATUS", e => e.Status), new("UPDATED", e => e.UpdatedAt)]);

    public static readonly View<EnvironmentProbeResult> Probe = new(p => p.Code, [new("OK", p => p.Ok), new("DRIVER", p => p.Driver), new("CODE", p => p.Code), new("SUMMARY", p => p.Summary)]);

    public static readonly View<EnvironmentLease> Lease = new(l => l.Id, [new("ID", l => l.Id), new("STATUS", l => l.Status), new("RUN", l => l.HeartbeatRunId), new("WORKSPACE", l => l.ExecutionWorkspaceId), new("LAST USED", l => l.LastUsedAt)]);

    public static readonly View<EnvironmentCapabilities> Capabilities = new(c => string.Join(" ", c.Drivers.Keys), [new("DRIVERS", c => string.Join("; ", c.Drivers.Select(d => $"{d.Key}: {d.Value}"))), new("ADAPTERS", c => string.Join("; ", c.Adapters.Select(a => $"{a.AdapterType}: {string.Join(" ", a.Drivers.Keys)}")))]);

    public static readonly View<CompanySecret> Secret = new(s => s.Id, [new("ID", s => s.Id), new("KEY", s => s.Key), new("NAME", s => s.Name), new("PROVIDER", s => s.Provider), new("STATUS", s => s.Status), new("VERSION", s => s.LatestVersion)]);

    public static readonly View<SecretUsage> Usage = new(u => u.SecretId, [new("SECRET", u => u.SecretId), new("BINDINGS", u => u.Bindings.Count)]);

    public static readonly View<SecretAccessEvent> AccessEvent = new(e => e.Id, [new("AT", e => e.CreatedAt), new("VERSION", e => e.Version), new("ACTOR", e => $"{e.ActorType} {e.ActorId}"), new("CONSUMER", e => $"{e.ConsumerType} {e.ConsumerId}"), new("OUTCOME", e => e.Outcome)]);

    public static readonly View<SecretProviderDescriptor> Provider = new(p => p.Id, [new("ID", p => p.Id), new("LABEL", p => p.Label), new("CONFIGURED", p => p.Configured), new("MANAGED", p => p.SupportsManagedValues), new("EXTERNAL", p => p.SupportsExternalReferences)]);

    public static readonly View<SecretVault> Vault = new(v => v.Id, [new("ID", v => v.Id), new("NAME", v => v.DisplayName), new("PROVIDER", v => v.Provider), new("STATUS", v => v.Status), new("DEFAULT", v => v.IsDefault)]);

    public static readonly View<VaultHealthReport> VaultHealth = new(h => h.ConfigId, [new("VAULT", h => h.ConfigId), new("PROVIDER", h => h.Provider), new("STATUS", h => h.Status), new("MESSAGE", h => h.Message), new("CHECKED", h => h.CheckedAt)]);

    public static readonly View<ImportPreview> ImportPreview = new(p => p.ProviderConfigId, [new("VAULT", p => p.ProviderConfigId), new("PROVIDER", p => p.Provider), new("CANDIDATES", p => p.Candidates.Count), new("NEXT", p => p.NextToken)]);

    public static readonly View<ImportResult> ImportResult = new(r => r.ProviderConfigId, [new("VAULT", r => r.ProviderConfigId), new("IMPORTED", r => r.ImportedCount), new("SKIPPED", r => r.SkippedCount), new("ERRORS", r => r.ErrorCount)]);

    public static readonly View<Paperclip.Api.ProvidersHealth> ProvidersHealth = new(h => h.Providers.Count, [new("PROVIDERS", h => string.Join("; ", h.Providers.Select(p => $"{p.Provider}: {p.Status}")))]);

    public static readonly View<Paperclip.Api.Acknowledged> Acknowledged = new(a => a.Ok, [new("OK", a => a.Ok)]);
}
