using Paperclip.Core.Ports;

namespace Paperclip.Runs.Lifecycle;

/// <summary>Where prepare left a run to execute: its working directory, and the target that runs it there (null: this machine's).</summary>
/// <param name="WorkingDirectory">The directory (on the remote box for a remote target).</param>
/// <param name="Target">The remote run's target, over its connection; null for the adapter's own.</param>
/// <param name="EnvironmentId">The environment prepare resolved (<c>local</c> for the built-in one), handed to finalize so a local run's finalize reads nothing more.</param>
public sealed record RunPlacement(string WorkingDirectory, IExecutionTarget? Target, string EnvironmentId);
