using Paperclip.Core.Domain;
using Paperclip.Core.Errors;

namespace Paperclip.Core.Services;

/// <summary>
/// Read-modify-write under an ETag. The change is a pure function of the current value, so a lost race is retried
/// against the fresh value instead of overwriting another writer's change.
/// </summary>
public static class OptimisticUpdate
{
    /// <summary>Attempts before a persistent race surfaces as 409 concurrency_conflict.</summary>
    public const int MaxAttempts = 8;

    /// <summary>
    /// Applies <paramref name="change"/> and returns the stored value; null when <paramref name="read"/> finds nothing.
    /// A change that returns the value unchanged writes nothing.
    /// </summary>
    public static Task<T?> ApplyAsync<T>(
        Func<CancellationToken, Task<Versioned<T>?>> read,
        Func<T, T> change,
        Func<T, string, CancellationToken, Task> write,
        CancellationToken cancellationToken)
        where T : class => ApplyAsync(null, read, change, write, cancellationToken);

    /// <summary>
    /// As <see cref="ApplyAsync{T}(Func{CancellationToken, Task{Versioned{T}}}, Func{T, T}, Func{T, string, CancellationToken, Task}, CancellationToken)"/>,
    /// starting from a value the caller just read (<paramref name="known"/>, its ETag guarding the first write), so an
    /// uncontended change costs no second read; a lost race reads afresh.
    /// </summary>
    public static Task<T?> ApplyAsync<T>(
        Versioned<T>? known,
        Func<CancellationToken, Task<Versioned<T>?>> read,
        Func<T, T> change,
        Func<T, string, CancellationToken, Task> write,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(change);
        return ApplyAsync(known, read, (value, _) => Task.FromResult(change(value)), write, cancellationToken);
    }

    /// <summary>
    /// As the others, with a change that has to read to decide (it may also throw to refuse the change); it runs again
    /// on the fresh value after a lost race.
    /// </summary>
    public static async Task<T?> ApplyAsync<T>(
        Versioned<T>? known,
        Func<CancellationToken, Task<Versioned<T>?>> read,
        Func<T, CancellationToken, Task<T>> change,
        Func<T, string, CancellationToken, Task> write,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(write);
        for (int attempt = 1; ; attempt++)
        {
            Versioned<T>? current = attempt == 1 && known is not null ? known : await read(cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return null;
            }

            T updated = await change(current.Value, cancellationToken).ConfigureAwait(false);
            if (updated.Equals(current.Value))
            {
                return updated;
            }

            try
            {
                await write(updated, current.ETag, cancellationToken).ConfigureAwait(false);
                return updated;
            }
            catch (PaperclipException ex) when (ex.Code == ErrorCodes.ConcurrencyConflict && attempt < MaxAttempts)
            {
                // Someone else changed it; read again and apply the change to the fresh value.
            }
        }
    }
}
