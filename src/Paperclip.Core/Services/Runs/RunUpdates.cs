using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;

namespace Paperclip.Core.Services.Runs;

/// <summary>ETag-guarded changes to a run (see <see cref="OptimisticUpdate"/>).</summary>
public static class RunUpdates
{
    /// <summary>Applies <paramref name="change"/> to the run and returns the stored result.</summary>
    public static Task<Run> ApplyAsync(IRunRepository runs, Guid companyId, Guid runId, Func<Run, Run> change, CancellationToken cancellationToken) =>
        ApplyAsync(runs, companyId, runId, null, change, cancellationToken);

    /// <summary>As above, starting from the version the caller just read (no second read unless a race is lost).</summary>
    public static async Task<Run> ApplyAsync(IRunRepository runs, Guid companyId, Guid runId, Versioned<Run>? known, Func<Run, Run> change, CancellationToken cancellationToken) =>
        await OptimisticUpdate.ApplyAsync(
            known,
            ct => runs.GetAsync(companyId, runId, ct),
            change,
            (run, etag, ct) => runs.UpdateAsync(run, etag, ct),
            cancellationToken).ConfigureAwait(false)
        ?? throw PaperclipException.NotFound("Run");
}
