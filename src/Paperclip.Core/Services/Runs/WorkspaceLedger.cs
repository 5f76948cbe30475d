using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;
using Paperclip.Core.Runs;

namespace Paperclip.Core.Services.Runs;

/// <summary>
/// Writes a run's phases to the workspace operation ledger: a row <c>running</c> when the phase begins, then its
/// outcome. A row that cannot be written throws: the ledger never silently misses a phase. Rows are keyed by run and
/// phase, so a phase that runs again rewrites its own row.
/// </summary>
public sealed class WorkspaceLedger(IWorkspaceOperationRepository operations, TimeProvider time)
{
    /// <summary>Writes the phase's row as running and returns it.</summary>
    public Task<WorkspaceOperation> BeginAsync(RunRequest request, string phase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return this.BeginAsync(request.CompanyId, request.RunId, request.ExecutionWorkspaceId, phase, cancellationToken);
    }

    /// <summary>
    /// Writes the row of a phase that <paramref name="ownerId"/> (a run, or an archive of the workspace) begins, as
    /// running, and returns it.
    /// </summary>
    public async Task<WorkspaceOperation> BeginAsync(Guid companyId, Guid ownerId, Guid workspaceId, string phase, CancellationToken cancellationToken)
    {
        WorkspaceOperation row = new(companyId, ownerId, workspaceId, phase, OperationStatus.Running, null, null, time.GetUtcNow(), null);
        await operations.WriteAsync(row, cancellationToken).ConfigureAwait(false);
        return row;
    }

    /// <summary>
    /// Writes the phase's row straight as succeeded: for a phase that is nothing but its row (finalize's barrier),
    /// where a running row first would only cost a write. A failed write is handled as by <see cref="EndAsync"/>.
    /// </summary>
    public Task RecordSucceededAsync(RunRequest request, string phase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        WorkspaceOperation row = new(request.CompanyId, request.RunId, request.ExecutionWorkspaceId, phase,
            OperationStatus.Running, null, null, time.GetUtcNow(), null);
        return this.EndAsync(row, failed: false, null, null, cancellationToken);
    }

    /// <summary>
    /// Writes the phase's outcome. If that write fails, tries to record the failure instead, and throws
    /// <see cref="LedgerWriteException"/> either way, so the run fails loudly with the reason.
    /// </summary>
    public async Task EndAsync(WorkspaceOperation row, bool failed, int? exitCode, string? error, CancellationToken cancellationToken, Func<WorkspaceOperation, WorkspaceOperation>? decorate = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        WorkspaceOperation outcome = row with
        {
            Status = failed ? OperationStatus.Failed : OperationStatus.Succeeded,
            ExitCode = exitCode,
            Error = failed ? error : null,
            FinishedAt = time.GetUtcNow(),
        };
        outcome = decorate?.Invoke(outcome) ?? outcome;
        try
        {
            await operations.WriteAsync(outcome, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            string reason = $"The {row.Phase} outcome could not be written to the workspace operation ledger ({ex.GetType().Name}).";
            try
            {
                await operations.WriteAsync(outcome with { Status = OperationStatus.Failed, Error = reason }, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception again) when (again is not OperationCanceledException)
            {
                throw new LedgerWriteException(reason + " Recording the failure failed too.", again);
            }

            throw new LedgerWriteException(reason, ex);
        }
    }

    /// <summary>Begins the phase, does its work and ends it; work that throws is recorded as failed and rethrown.</summary>
    public async Task<T> RecordAsync<T>(RunRequest request, string phase, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        WorkspaceOperation row = await this.BeginAsync(request, phase, cancellationToken).ConfigureAwait(false);
        T result;
        try
        {
            result = await work().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only our own messages reach the row.
            string reason = ex is PaperclipException p ? p.Message : $"{phase} failed ({ex.GetType().Name}).";
            await operations.WriteAsync(row with { Status = OperationStatus.Failed, Error = reason, FinishedAt = time.GetUtcNow() }, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await this.EndAsync(row, failed: false, null, null, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>The run's row of <paramref name="phase"/>, if written.</summary>
    public async Task<WorkspaceOperation?> FindAsync(Guid companyId, Guid runId, string phase, CancellationToken cancellationToken) =>
        (await operations.ListForRunAsync(companyId, runId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(o => o.Phase == phase);
}
