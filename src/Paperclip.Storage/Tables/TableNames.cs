namespace Paperclip.Storage.Tables;

/// <summary>The tables of the store (before the configured prefix).</summary>
internal static class TableNames
{
    public const string Companies = "Companies";
    public const string IssuePrefixes = "IssuePrefixes";
    public const string Agents = "Agents";
    public const string AgentKeys = "AgentKeys";
    public const string Projects = "Projects";
    public const string Issues = "Issues";
    public const string Runs = "Runs";
    public const string WorkspaceOperations = "WorkspaceOperations";
    public const string ActivityLog = "ActivityLog";
    public const string WakeupReservations = "WakeupReservations";
    public const string Interactions = "Interactions";
    public const string HostLeases = "HostLeases";
    public const string ExecutionWorkspaces = "ExecutionWorkspaces";
    public const string WakeupRequests = "WakeupRequests";
    public const string Secrets = "Secrets";
    public const string SecretAccessEvents = "SecretAccessEvents";
    public const string Environments = "Environments";
    public const string EnvironmentLeases = "EnvironmentLeases";
    public const string IssueComments = "IssueComments";
    public const string IssueHomes = "IssueHomes";
    public const string IssueDocuments = "IssueDocuments";
    public const string IssueDocumentRevisions = "IssueDocumentRevisions";

    public static IReadOnlyList<string> All { get; } =
        [Companies, IssuePrefixes, Agents, AgentKeys, Projects, Issues, Runs, WorkspaceOperations, ActivityLog, WakeupReservations, Interactions, HostLeases, ExecutionWorkspaces, WakeupRequests, Secrets, SecretAccessEvents, Environments, EnvironmentLeases, IssueComments, IssueHomes, IssueDocuments, IssueDocumentRevisions];
}
