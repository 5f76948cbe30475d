using Paperclip.Core.Runs;

namespace Paperclip.Runs.Activities;

/// <summary>Input of <see cref="StartExecuteActivity"/>: the run and its prepared working directory.</summary>
public sealed record ExecuteRunInput(RunRequest Run, string WorkingDirectory);
