namespace Paperclip.Core.Ports;

/// <summary>What an adapter gets to know about the run it executes.</summary>
public sealed record RunExecutionContext(Guid CompanyId, Guid RunId, Guid IssueId, Guid AgentId, string WorkingDirectory, Uri? ApiUrl);
