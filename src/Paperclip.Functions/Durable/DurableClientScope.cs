using Microsoft.DurableTask.Client;

namespace Paperclip.Functions.Durable;

/// <summary>
/// The Functions host hands out the durable client per invocation (as a binding), while the shared services take
/// the engine port once. Each function that may touch the engine binds the client and runs its call inside this
/// scope; <see cref="FunctionsDurableEngine"/> picks the client up from the async flow.
/// </summary>
public static class DurableClientScope
{
    static readonly AsyncLocal<DurableTaskClient?> CurrentClient = new();

    /// <summary>The client bound to the running invocation.</summary>
    public static DurableTaskClient Current =>
        CurrentClient.Value ?? throw new InvalidOperationException("No durable client in scope: the function must bind [DurableClient] and call through DurableClientScope.RunAsync.");

    /// <summary>Runs <paramref name="call"/> with <paramref name="client"/> in scope.</summary>
    public static async Task<T> RunAsync<T>(DurableTaskClient client, Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        DurableTaskClient? previous = CurrentClient.Value;
        CurrentClient.Value = client;
        try
        {
            return await call().ConfigureAwait(false);
        }
        finally
        {
            CurrentClient.Value = previous;
        }
    }
}
