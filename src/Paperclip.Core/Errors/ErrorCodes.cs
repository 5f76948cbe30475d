namespace Paperclip.Core.Errors;

/// <summary>Stable machine-readable error codes carried in problem+json <c>code</c>.</summary>
public static class ErrorCodes
{
    /// <summary>The request body or a parameter is invalid; <c>errors</c> names the fields.</summary>
    public const string ValidationFailed = "validation_failed";

    /// <summary>The resource does not exist, or belongs to another company.</summary>
    public const string NotFound = "not_found";

    /// <summary>The record changed since it was read; re-read and retry.</summary>
    public const string ConcurrencyConflict = "concurrency_conflict";

    /// <summary>Storage did not answer in time (or could not be reached); nothing more was written. Retry after Retry-After.</summary>
    public const string StorageUnavailable = "storage_unavailable";

    /// <summary>A record with the same identity already exists.</summary>
    public const string AlreadyExists = "already_exists";

    /// <summary>No or an unknown bearer key.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>The caller is known but may not do this.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>The request is well-formed but cannot be processed in the current state.</summary>
    public const string Unprocessable = "unprocessable";

    /// <summary>The wakeup has no issue to run.</summary>
    public const string NoIssueToRun = "no_issue_to_run";

    /// <summary>The run already ended; there is nothing to cancel.</summary>
    public const string RunNotCancellable = "run_not_cancellable";

    /// <summary>422: the X-Paperclip-Run-Id header names another run than the key's.</summary>
    public const string RunIdMismatch = "run_id_mismatch";

    /// <summary>401: an agent's write needs its run (a run-scoped key, or X-Paperclip-Run-Id).</summary>
    public const string AgentRunIdRequired = "agent_run_id_required";

    /// <summary>409: another run holds the issue (upstream's "Issue checkout conflict").</summary>
    public const string CheckoutConflict = "issue_checkout_conflict";

    /// <summary>The agent's heartbeat policy turns this kind of wake off; no run was queued.</summary>
    public const string WakeupSkipped = "wakeup_skipped";

    /// <summary>The agent cannot be invoked in its current status.</summary>
    public const string AgentNotInvokable = "agent_not_invokable";

    /// <summary>A confirmation cannot be accepted until the issue's workspace finalize has succeeded.</summary>
    public const string WorkspaceFinalizePending = "workspace_finalize_pending";

    /// <summary>The interaction was already accepted, rejected or otherwise resolved.</summary>
    public const string InteractionResolved = "interaction_already_resolved";

    /// <summary>An idempotency key was reused for a different request.</summary>
    public const string IdempotencyKeyReused = "idempotency_key_reused";

    /// <summary>A dependency (storage or the durable worker) is unavailable.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>The run's environment cannot execute here (only the built-in <c>local</c> environment can, for now).</summary>
    public const string EnvironmentUnavailable = "environment_unavailable";

    /// <summary>Realising the execution workspace (directory, git worktree) failed.</summary>
    public const string WorkspacePrepareFailed = "workspace_prepare_failed";

    /// <summary>A remote run's callback bridge cannot be opened (no API URL to call, or no way to reach the box's side).</summary>
    public const string BridgeUnavailable = "bridge_unavailable";

    /// <summary>A run asked for its bridge without holding its workspace's lease (another run holds it, or it was swept).</summary>
    public const string BridgeLeaseNotHeld = "bridge_lease_not_held";

    /// <summary>The project strategy's provision command failed in a new worktree (the run's error code; its row has the output).</summary>
    public const string WorkspaceProvisionFailed = "workspace_provision_failed";
}
