using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using Paperclip.Workspaces.Snapshots;

namespace Paperclip.Workspaces.Merging;

/// <summary>
/// Applies a restore merge to a local workspace, crash-safely. It snapshots the local tree and plans
/// (<see cref="MergePlanner"/>); a refused plan changes nothing. Then it stages every incoming file under
/// <c>.paperclip-runtime/merge/</c> (verified against the incoming hash, flushed to disk) and writes a journal of the
/// steps before the first change. Each step re-checks the local path just before it acts, so an edit made meanwhile is
/// kept (a conflict), and writes by renaming a finished file over the target: every file is its old or its new
/// content, never partial. A merge interrupted by a crash is rolled forward from its journal by the next
/// <see cref="ApplyAsync"/> or <see cref="RecoverAsync"/> (every step is idempotent).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MergeApplier(SnapshotTaker snapshots)
{
    /// <summary>How long a merge waits for another merge of the same workspace.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Where staged files and journals live, inside the always-excluded runtime directory.</summary>
    public const string WorkDirectory = ".paperclip-runtime/merge";

    const string JournalName = "journal.json";

    /// <summary>Incoming files staged at once (their reads and flushes overlap).</summary>
    const int StagingConcurrency = 16;

    static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Called before each step with its index (tests use it to change the tree mid-merge or to stop there).</summary>
    internal Action<int>? BeforeStep { get; init; }

    /// <summary>Plans and applies the merge of <paramref name="incoming"/> into <paramref name="workspace"/>.</summary>
    public async Task<MergeResult> ApplyAsync(string workspace, Manifest baseline, IIncomingTree incoming, MergeOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentNullException.ThrowIfNull(options);
        string root = Path.GetFullPath(workspace);
        using WorkspaceMergeLock held = await WorkspaceMergeLock.AcquireAsync(root, LockTimeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        await RecoverUnderLockAsync(root, cancellationToken).ConfigureAwait(false);

        Manifest local = await snapshots.TakeAsync(root, ExcludeRules.FromPatterns(baseline.Excludes), baseline, cancellationToken).ConfigureAwait(false);
        MergePlan plan = MergePlanner.Plan(baseline, local, incoming.Manifest, options);
        if (plan.Refusal is { } refusal)
        {
            return new MergeResult([], [], [], refusal);
        }

        string work = WorkspacePaths.Resolve(root, $"{WorkDirectory}/{options.ShortRunId}-{Guid.NewGuid():N}", createParents: true);
        Directory.CreateDirectory(work);
        List<JournalStep> journal = [];
        try
        {
            for (int i = 0; i < plan.Steps.Count; i++)
            {
                MergeStep step = plan.Steps[i];
                string? blob = step.Incoming is { Kind: EntryKind.File } ? $"{i}.blob" : null;
                journal.Add(new JournalStep(step.Kind, step.Path, step.TargetPath, blob, step.Incoming?.SymlinkTarget, Expect.Of(step.Expected)));
            }

            // Staged side by side: each file is flushed on its own, and concurrent flushes share the file system's commits.
            ParallelOptions parallel = new() { MaxDegreeOfParallelism = StagingConcurrency, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Enumerable.Range(0, plan.Steps.Count).Where(i => journal[i].Blob is not null), parallel, (i, ct) =>
                new ValueTask(StageAsync(incoming, plan.Steps[i].Incoming!, Path.Join(work, journal[i].Blob!), NewMode(plan.Steps[i].Expected, plan.Steps[i].Incoming!), ct))).ConfigureAwait(false);

            // The commit point: once the journal is on disk, the merge finishes even across a crash.
            await WriteJournalAsync(work, new Journal(options.ShortRunId, journal), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Nothing was applied yet: the staged files go, the workspace is as it was.
            Directory.Delete(work, recursive: true);
            throw;
        }

        MergeResult result = this.Apply(root, work, journal, options.ShortRunId, plan.Conflicts);
        Directory.Delete(work, recursive: true);
        return result;
    }

    /// <summary>Finishes any merge of <paramref name="workspace"/> a crash interrupted; a merge that had not committed its journal is discarded.</summary>
    public static async Task RecoverAsync(string workspace, CancellationToken cancellationToken)
    {
        string root = Path.GetFullPath(workspace);
        using WorkspaceMergeLock held = await WorkspaceMergeLock.AcquireAsync(root, LockTimeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        await RecoverUnderLockAsync(root, cancellationToken).ConfigureAwait(false);
    }

    static async Task RecoverUnderLockAsync(string root, CancellationToken cancellationToken)
    {
        string dir = Path.Join(root, WorkDirectory);
        if (WorkspacePaths.KindOf(dir) != NativeStat.TypeDirectory)
        {
            return;
        }

        foreach (string work in Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal))
        {
            string journalFile = Path.Join(work, JournalName);
            if (File.Exists(journalFile))
            {
                Journal journal = JsonSerializer.Deserialize<Journal>(await File.ReadAllBytesAsync(journalFile, cancellationToken).ConfigureAwait(false), Json)
                    ?? throw new InvalidDataException($"The merge journal '{journalFile}' is empty.");
                new MergeApplier(new SnapshotTaker(TimeProvider.System)).Apply(root, work, journal.Steps, journal.ShortRunId, []);
            }

            Directory.Delete(work, recursive: true);
        }
    }

    MergeResult Apply(string root, string work, IReadOnlyList<JournalStep> steps, string shortRunId, IReadOnlyList<MergeConflict> planned)
    {
        List<string> written = [];
        List<string> deleted = [];
        List<MergeConflict> conflicts = [.. planned];
        HashSet<string> touchedDirectories = new(StringComparer.Ordinal);
        for (int i = 0; i < steps.Count; i++)
        {
            this.BeforeStep?.Invoke(i);
            JournalStep step = steps[i];
            try
            {
                string full = WorkspacePaths.Resolve(root, step.Target, createParents: step.Kind is not (MergeStepKind.Delete or MergeStepKind.RemoveDirectoryIfEmpty));
                touchedDirectories.Add(Path.GetDirectoryName(full)!);
                switch (step.Kind)
                {
                    case MergeStepKind.CreateDirectory:
                        if (WorkspacePaths.KindOf(full) == 0)
                        {
                            Directory.CreateDirectory(full);
                        }

                        break;
                    case MergeStepKind.Delete:
                        if (WorkspacePaths.KindOf(full) == 0)
                        {
                            break;
                        }

                        if (!Expect.Matches(step.Expected, full))
                        {
                            conflicts.Add(new MergeConflict(step.Path, "edit_delete", "modified during merge", "deleted", null));
                            break;
                        }

                        File.Delete(full);
                        deleted.Add(step.Path);
                        break;
                    case MergeStepKind.RemoveDirectoryIfEmpty:
                        if (WorkspacePaths.KindOf(full) == NativeStat.TypeDirectory && !Directory.EnumerateFileSystemEntries(full).Any())
                        {
                            Directory.Delete(full);
                            deleted.Add(step.Path);
                        }

                        break;
                    default:
                        if (Write(step, work, full, root, shortRunId, conflicts) is { } target)
                        {
                            written.Add(target);
                        }

                        break;
                }
            }
            catch (IOException ex)
            {
                // A path the workspace no longer allows (a parent became a symlink or a file): nothing written there.
                conflicts.Add(new MergeConflict(step.Path, "unwritable", "changed during merge", ex.Message, null));
            }
        }

        foreach (string directory in touchedDirectories)
        {
            NativeStat.SyncDirectory(directory);
        }

        return new MergeResult(written, deleted, conflicts, null);
    }

    /// <summary>Writes one incoming file or symlink by rename; returns the path written, or null (already done, or kept as a conflict).</summary>
    static string? Write(JournalStep step, string work, string full, string root, string shortRunId, List<MergeConflict> conflicts)
    {
        string? blob = step.Blob is null ? null : Path.Join(work, step.Blob);
        if (blob is not null && !File.Exists(blob))
        {
            return null; // Done before a crash: the staged file was already renamed into place.
        }

        if (step.SymlinkTarget is { } linkTarget && WorkspacePaths.KindOf(full) == NativeStat.TypeSymlink && new FileInfo(full).LinkTarget == linkTarget)
        {
            return null;
        }

        string target = step.Target;
        bool asPlanned = step.Kind == MergeStepKind.Write ? Expect.Matches(step.Expected, full) : WorkspacePaths.KindOf(full) == 0;
        if (!asPlanned && blob is not null && WorkspacePaths.KindOf(full) == NativeStat.TypeFile && SameBytes(blob, full))
        {
            // Already the staged file: done before a crash by way of a copy (see MoveIntoPlace).
            File.Delete(blob);
            return null;
        }

        if (!asPlanned)
        {
            // Changed locally since the plan (or a copy's name taken meanwhile): keep that, put the incoming version beside it.
            target = LateConflictName(root, step.Target, shortRunId);
            full = WorkspacePaths.Resolve(root, target, createParents: true);
            if (step.Kind == MergeStepKind.Write)
            {
                conflicts.Add(new MergeConflict(step.Path, "edit_edit", "modified during merge", "modified", target));
            }
        }

        if (blob is not null)
        {
            MoveIntoPlace(blob, full, shortRunId);
        }
        else
        {
            string temp = $"{full}.paperclip-tmp-{Guid.NewGuid():N}";
            File.CreateSymbolicLink(temp, step.SymlinkTarget!);
            File.Move(temp, full, overwrite: true);
        }

        return target;
    }

    /// <summary>
    /// Renames a staged file over its target. Where the target's directory is on another file system than the staging
    /// directory (a mount inside the workspace), the file is copied to a temp name in the target's own directory,
    /// flushed, and renamed over from there: still atomic. The staged file goes last, so a crash in between leaves it
    /// to be found again (and recognised as done by <see cref="Write"/>).
    /// </summary>
    internal static void MoveIntoPlace(string staged, string target, string shortRunId)
    {
        int error = NativeStat.Rename(staged, target);
        if (error == 0)
        {
            return;
        }

        if (error != NativeStat.CrossDevice)
        {
            throw new IOException($"'{Path.GetFileName(target)}' could not be replaced (errno {error}).");
        }

        // One temp name per target and run: a retry after a crash overwrites its own leftover.
        string temp = Path.Join(Path.GetDirectoryName(target), $".{Path.GetFileName(target)}.paperclip-{shortRunId}.tmp");
        try
        {
            File.Copy(staged, temp, overwrite: true);
            File.SetUnixFileMode(temp, File.GetUnixFileMode(staged));
            using (SafeFileHandle copy = File.OpenHandle(temp, FileMode.Open, FileAccess.ReadWrite))
            {
                RandomAccess.FlushToDisk(copy);
            }

            error = NativeStat.Rename(temp, target);
            if (error != 0)
            {
                throw new IOException($"'{Path.GetFileName(target)}' could not be replaced (errno {error}).");
            }
        }
        finally
        {
            File.Delete(temp);
        }

        File.Delete(staged);
    }

    static bool SameBytes(string a, string b) =>
        SnapshotTaker.Hash(a) is { } x && SnapshotTaker.Hash(b) is { } y && x.AsSpan().SequenceEqual(y);

    /// <summary>The first free <c>…-late</c> conflict name (a copy made when the local file changed during the merge).</summary>
    static string LateConflictName(string root, string path, string shortRunId) =>
        ConflictNames.Candidates(path, shortRunId, "-late").First(candidate => WorkspacePaths.KindOf(Path.Join(root, candidate)) == 0);

    /// <summary>The mode a written file gets: the local file's (or 0644), with the incoming execute bits.</summary>
    static UnixFileMode NewMode(ManifestEntry? local, ManifestEntry incoming)
    {
        int baseMode = local is { Kind: EntryKind.File } ? local.Mode : 0b110_100_100;
        return (UnixFileMode)((baseMode & 0b111_111_111 & ~0b001_001_001) | ManifestEntry.ExecuteBits(incoming.Mode));
    }

    static async Task StageAsync(IIncomingTree incoming, ManifestEntry file, string blob, UnixFileMode mode, CancellationToken cancellationToken)
    {
        using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Stream source = await incoming.OpenFileAsync(file.Path, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            FileStream target = new(blob, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 0, UnixCreateMode = mode });
            await using (target.ConfigureAwait(false))
            {
                // Pooled: a fresh buffer this size per file would land on the large-object heap, one per staged file.
                byte[] buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
                try
                {
                    int read;
                    while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                target.Flush(flushToDisk: true);
            }
        }

        if (!hash.GetHashAndReset().AsSpan().SequenceEqual(file.Sha256.Span))
        {
            throw new IOException($"The incoming file '{file.Path}' does not have the bytes its manifest lists; nothing was applied.");
        }

        File.SetUnixFileMode(blob, mode);
    }

    static async Task WriteJournalAsync(string work, Journal journal, CancellationToken cancellationToken)
    {
        string temp = Path.Join(work, JournalName + ".tmp");
        FileStream file = new(temp, FileMode.CreateNew, FileAccess.Write);
        await using (file.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(file, journal, Json, cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, Path.Join(work, JournalName));
        NativeStat.SyncDirectory(work);
    }

    /// <summary>A merge's journal: its steps, in order.</summary>
    internal sealed record Journal(string ShortRunId, IReadOnlyList<JournalStep> Steps);

    /// <summary>One journalled step: what to do, with the staged file (or the symlink's target) and what the local path must still be.</summary>
    internal sealed record JournalStep(MergeStepKind Kind, string Path, string Target, string? Blob, string? SymlinkTarget, Expect? Expected);

    /// <summary>What the local path was when the merge was planned (null: absent).</summary>
    internal sealed record Expect(EntryKind Kind, string? Sha256, string? SymlinkTarget)
    {
        internal static Expect? Of(ManifestEntry? entry) => entry is null ? null : new Expect(entry.Kind, entry.Sha256Hex, entry.SymlinkTarget);

        /// <summary>True when <paramref name="full"/> is still what <paramref name="expected"/> says.</summary>
        internal static bool Matches(Expect? expected, string full)
        {
            int kind = WorkspacePaths.KindOf(full);
            if (expected is null)
            {
                return kind == 0;
            }

            return expected.Kind switch
            {
                EntryKind.File => kind == NativeStat.TypeFile && SnapshotTaker.Hash(full) is { } hash && Convert.ToHexStringLower(hash) == expected.Sha256,
                EntryKind.Symlink => kind == NativeStat.TypeSymlink && new FileInfo(full).LinkTarget == expected.SymlinkTarget,
                _ => kind == NativeStat.TypeDirectory,
            };
        }
    }
}
