using Paperclip.Cli.Output;
using Paperclip.Core.Domain;
using Paperclip.Core.Services.Agents;
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
}
