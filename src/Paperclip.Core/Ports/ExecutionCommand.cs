namespace Paperclip.Core.Ports;

/// <summary>
/// A command for an <see cref="IExecutionTarget"/>: the program and its arguments (an argv, never a shell line), the
/// working directory, the environment and what to write to stdin. The environment is complete but for <c>PATH</c>,
/// which is the target's own (where the command runs); nothing else of the target's environment is passed on.
/// </summary>
/// <param name="Program">The program: a name looked up on the target's PATH, or a path.</param>
/// <param name="Arguments">Its arguments, passed as they are.</param>
/// <param name="WorkingDirectory">The directory it runs in.</param>
/// <param name="Environment">Its environment variables (values may be secrets: never log them).</param>
public sealed record ExecutionCommand(string Program, IReadOnlyList<string> Arguments, string WorkingDirectory, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Bytes written to the command's stdin, which is then closed; null closes stdin at once.</summary>
    public ReadOnlyMemory<byte>? StandardInput { get; init; }

    /// <summary>Keeps the environment (secrets, the run's key) out of logs and exception messages.</summary>
    public override string ToString() => $"ExecutionCommand {{ Program = {this.Program}, Arguments = {this.Arguments.Count} }}";
}
