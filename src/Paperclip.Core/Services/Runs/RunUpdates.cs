using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;

namespace Paperclip.Core.Services.Runs;

/// <summary>
/// Read-modify-write of a run under its ETag. The change is a pure function of the current row, so a lost
/// race is retried against the fresh row instead of overwriting another writer's change.
/// </summary>
public static class RunUpdates
{
    const int MaxAttempts = 8;

    /// <summary>Applies <paramref name="change"/> to the run and returns the stored result.</summary>
    public static async Task<Run> ApplyAsync(IRunRepository runs, Guid companyId, Guid runId, Func<Run, Run> change, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            Versioned<Run> current = await runs.GetAsync(companyId, runId, cancellationToken).ConfigureAwait(false)
                ?? throw PaperclipException.NotFound("Run");
            Run updated = change(current.Value);
            if (updated == current.Value)
            {
                return updated;
            }

            try
            {
                await runs.UpdateAsync(updated, current.ETag, cancellationToken).ConfigureAwait(false);
                return updated;
            }
            catch (PaperclipException ex) when (ex.Code == ErrorCodes.ConcurrencyConflict && attempt < MaxAttempts)
            {
                // Someone else changed the run; re-read and apply the change again.
            }
        }
    }
}
