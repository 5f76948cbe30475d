using System.Globalization;
using Paperclip.Workspaces.Git;
using Renci.SshNet;

namespace Paperclip.Ssh.Sync;

/// <summary>A git-backed workspace's head: the commit, and the branch it is on (null when detached).</summary>
/// <param name="Commit">The commit id.</param>
/// <param name="Branch">The branch's short name, or null.</param>
public sealed record GitHead(string Commit, string? Branch);

/// <summary>How a remote run's history came back.</summary>
public enum GitIntegration
{
    /// <summary>The box made no commit.</summary>
    Unchanged,

    /// <summary>The local branch already held the box's commits.</summary>
    LocalAhead,

    /// <summary>The local branch moved forward to the box's head.</summary>
    FastForward,

    /// <summary>Both sides committed: a merge commit joins them.</summary>
    Merged,

    /// <summary>Both sides committed and their trees conflict: the box's head is kept under a ref, the branch left alone.</summary>
    Diverged,
}

/// <summary>
/// A git-backed workspace's history over the run's connection, as upstream carries it (research §3.3, §5), with its
/// fixes: each run's import and export use a ref unique to it and delete it after (upstream's fixed refs collided), and
/// only the commits the box lacks travel (a bundle against the commit the mirror already holds; upstream sends all
/// history every run, H-S6). The working tree itself travels by the file sync (<c>.git</c> is excluded from it):
/// sending history only moves refs and the index on the box, never a file of the working tree. Coming back, the box's
/// head is fetched into a per-run ref and integrated as upstream does — fast-forward, or a merge commit from
/// <c>git merge-tree</c> — with a compare-and-swap on the branch; conflicting histories keep the box's head under its
/// ref instead of failing the run (upstream throws), and the file merge goes on.
/// </summary>
internal static class GitHistory
{
    const string ImportPrefix = "refs/paperclip/ssh-sync/import/";
    const string ImportedPrefix = "refs/paperclip/ssh-sync/imported/";
    const string ExportRef = "refs/paperclip/ssh-sync/export";
    static readonly TimeSpan LocalTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The head of <paramref name="directory"/> when it is the root of a git work tree with a commit; else null (a plain tree).</summary>
    public static async Task<GitHead?> ReadAsync(string directory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Path.Join(directory, ".git")) && !File.Exists(Path.Join(directory, ".git")))
        {
            return null;
        }

        GitResult top = await Local(directory, cancellationToken, "rev-parse", "--show-toplevel").ConfigureAwait(false);
        if (!top.Succeeded || !SamePath(top.Output, directory))
        {
            return null;
        }

        GitResult head = await Local(directory, cancellationToken, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").ConfigureAwait(false);
        if (!head.Succeeded)
        {
            return null; // no commit yet: the tree syncs as plain files
        }

        GitResult branch = await Local(directory, cancellationToken, "symbolic-ref", "--quiet", "--short", "HEAD").ConfigureAwait(false);
        return new GitHead(head.Output, branch.Succeeded && branch.Output.Length > 0 ? branch.Output : null);
    }

    /// <summary>
    /// Keeps the runtime directory this machine writes into the workspace (baselines, merge staging) out of
    /// <c>git status</c>: <c>/.paperclip-runtime/</c> goes into the repository's own <c>info/exclude</c> (never into a
    /// tracked <c>.gitignore</c>), once.
    /// </summary>
    public static async Task IgnoreRuntimeDirectoryAsync(string directory, CancellationToken cancellationToken)
    {
        GitResult path = await Local(directory, cancellationToken, "rev-parse", "--git-path", "info/exclude").ConfigureAwait(false);
        if (!path.Succeeded || path.Output.Length == 0)
        {
            return;
        }

        const string Line = "/.paperclip-runtime/";
        string file = Path.IsPathRooted(path.Output) ? path.Output : Path.Join(directory, path.Output);
        string existing = File.Exists(file) ? await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false) : string.Empty;
        if (!existing.Split('\n').Any(l => l.Trim() == Line))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.AppendAllTextAsync(file, (existing.Length == 0 || existing.EndsWith('\n') ? string.Empty : "\n") + Line + "\n", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Gives the repository at <paramref name="remoteRepo"/> (created if missing) the commits of <paramref name="head"/>
    /// it lacks — <paramref name="known"/> is the commit it already holds, or null — and points its HEAD and index at it.
    /// </summary>
    public static async Task SendAsync(SshClient client, string localDirectory, string remoteRepo, GitHead head, string? known, CancellationToken cancellationToken)
    {
        if (known is not null && known != head.Commit && !(await Local(localDirectory, cancellationToken, "cat-file", "-e", known + "^{commit}").ConfigureAwait(false)).Succeeded)
        {
            known = null; // the commit the box holds is not here (history rewritten): send it all
        }

        try
        {
            await SendOnceAsync(client, localDirectory, remoteRepo, head, known, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException) when (known is not null)
        {
            // The box's repository lacks what it was thought to hold: send all history once more.
            await SendOnceAsync(client, localDirectory, remoteRepo, head, null, cancellationToken).ConfigureAwait(false);
        }
    }

    static async Task SendOnceAsync(SshClient client, string localDirectory, string remoteRepo, GitHead head, string? known, CancellationToken cancellationToken)
    {
        bool bundle = known != head.Commit;
        string tempRef = ImportPrefix + Guid.NewGuid().ToString("N");
        string repo = RemoteShell.Quote(remoteRepo);
        string commit = RemoteShell.Quote(head.Commit);
        string point = head.Branch is { } branch
            ? $"git symbolic-ref HEAD {RemoteShell.Quote("refs/heads/" + branch)}\ngit update-ref {RemoteShell.Quote("refs/heads/" + branch)} {commit}"
            : $"git update-ref --no-deref HEAD {commit}";
        string fetch = bundle
            ? string.Join('\n',
                $"tmp=$(mktemp {RemoteShell.Quote(remoteRepo.TrimEnd('/'))}.import-XXXXXXXX)",
                "trap 'rm -f \"$tmp\"' EXIT",
                "cat > \"$tmp\"",
                $"git fetch -q --force \"$tmp\" {RemoteShell.Quote($"{tempRef}:{tempRef}")}",
                $"git update-ref -d {RemoteShell.Quote(tempRef)}")
            : "cat > /dev/null";
        string script = string.Join('\n', "set -e", $"mkdir -p -- {repo}", $"cd {repo}", "[ -e .git ] || git init -q .", fetch, point, $"git read-tree {commit}");

        using SshCommand remote = client.CreateCommand(script);
        Task execution = await RemoteCommand.StartAsync(remote, cancellationToken).ConfigureAwait(false);
        try
        {
            using (Stream input = RemoteCommand.TryInputStream(remote) ?? Stream.Null)
            {
                if (bundle)
                {
                    await LocalOrThrow(localDirectory, cancellationToken, "update-ref", tempRef, head.Commit).ConfigureAwait(false);
                    string[] args = known is null ? ["bundle", "create", "-", tempRef] : ["bundle", "create", "-", tempRef, "^" + known];
                    GitResult created = await GitCommand.RunAsync(localDirectory, args, LocalTimeout, cancellationToken, (output, ct) => output.CopyToAsync(input, ct)).ConfigureAwait(false);
                    if (!created.Succeeded)
                    {
                        throw new IOException($"git bundle failed: {created.Error}");
                    }
                }
                else
                {
                    await input.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                }
            }

            await execution.ConfigureAwait(false);
        }
        finally
        {
            if (bundle)
            {
                await Local(localDirectory, CancellationToken.None, "update-ref", "-d", tempRef).ConfigureAwait(false);
            }
        }

        if (remote.ExitStatus != 0)
        {
            throw new IOException($"Sending git history to the box failed ({RemoteCommand.Outcome(remote)}).");
        }
    }

    /// <summary>
    /// Fetches the commits the box made on top of <paramref name="baseCommit"/> into a per-run ref here; returns it, or
    /// null when the box's head is still <paramref name="baseCommit"/> (or it has no repository).
    /// </summary>
    public static async Task<string?> FetchAsync(SshClient client, string remoteDirectory, string localDirectory, string baseCommit, string staging, CancellationToken cancellationToken)
    {
        string dir = RemoteShell.Quote(remoteDirectory);
        string remoteHead = (await RemoteCommand.RunAsync(client, $"cd {dir} && {{ git rev-parse --verify -q 'HEAD^{{commit}}' || true; }}", null, cancellationToken).ConfigureAwait(false)).Trim();
        if (remoteHead.Length == 0 || remoteHead == baseCommit)
        {
            return null;
        }

        string file = Path.Join(staging, "history.bundle");
        string script = string.Join('\n',
            "set -e", $"cd {dir}", $"git update-ref {ExportRef} HEAD", $"trap 'git update-ref -d {ExportRef} || true' EXIT",
            $"if git cat-file -e {RemoteShell.Quote(baseCommit + "^{commit}")} 2>/dev/null; then git bundle create - {ExportRef} {RemoteShell.Quote("^" + baseCommit)}; else git bundle create - {ExportRef}; fi");
        using SshCommand export = client.CreateCommand(script);
        Task execution = await RemoteCommand.StartAsync(export, cancellationToken).ConfigureAwait(false);
        await RemoteCommand.WriteInputAsync(export, "\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);

        FileStream bundle = new(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0);
        await using (bundle.ConfigureAwait(false))
        {
            await export.OutputStream.CopyToAsync(bundle, cancellationToken).ConfigureAwait(false);
        }

        await execution.ConfigureAwait(false);
        if (export.ExitStatus != 0)
        {
            throw new IOException($"Fetching git history from the box failed ({RemoteCommand.Outcome(export)}).");
        }

        string imported = ImportedPrefix + Guid.NewGuid().ToString("N");
        await LocalOrThrow(localDirectory, cancellationToken, "fetch", "-q", "--force", file, $"{ExportRef}:{imported}").ConfigureAwait(false);
        return imported;
    }

    /// <summary>Joins the box's history (at <paramref name="importedRef"/>) into the local branch; the ref is deleted unless kept (diverged).</summary>
    public static async Task<(GitIntegration Outcome, string Head)> IntegrateAsync(string localDirectory, string importedRef, CancellationToken cancellationToken)
    {
        string current = (await LocalOrThrow(localDirectory, cancellationToken, "rev-parse", "--verify", "HEAD^{commit}").ConfigureAwait(false)).Output;
        string imported = (await LocalOrThrow(localDirectory, cancellationToken, "rev-parse", "--verify", importedRef + "^{commit}").ConfigureAwait(false)).Output;
        GitResult symbolic = await Local(localDirectory, cancellationToken, "symbolic-ref", "--quiet", "HEAD").ConfigureAwait(false);
        string[] target = symbolic.Succeeded ? [symbolic.Output] : ["--no-deref", "HEAD"];
        GitResult baseResult = await Local(localDirectory, cancellationToken, "merge-base", current, imported).ConfigureAwait(false);
        string? mergeBase = baseResult.Succeeded ? baseResult.Output : null;
        (GitIntegration outcome, string head) = (current, mergeBase) switch
        {
            _ when current == imported => (GitIntegration.Unchanged, current),
            _ when mergeBase == imported => (GitIntegration.LocalAhead, current),
            _ when mergeBase == current => (GitIntegration.FastForward, imported),
            _ => (GitIntegration.Merged, string.Empty),
        };

        if (outcome == GitIntegration.Merged)
        {
            GitResult tree = await Local(localDirectory, cancellationToken, "merge-tree", "--write-tree", "--allow-unrelated-histories", current, imported).ConfigureAwait(false);
            string treeId = tree.Output.Split('\n')[0].Trim();
            if (!tree.Succeeded || treeId.Length == 0)
            {
                // Conflicting histories: the branch stays, the box's head stays reachable under its ref.
                return (GitIntegration.Diverged, current);
            }

            head = (await LocalOrThrow(localDirectory, cancellationToken, "-c", "user.name=Paperclip", "-c", "user.email=paperclip@localhost",
                "commit-tree", treeId, "-p", current, "-p", imported, "-m", $"Paperclip SSH sync merge {imported[..12]}").ConfigureAwait(false)).Output;
        }

        if (head != current)
        {
            // Compare-and-swap: a commit made here meanwhile makes this fail rather than be lost.
            await LocalOrThrow(localDirectory, cancellationToken, ["update-ref", .. target, head, current]).ConfigureAwait(false);
            await LocalOrThrow(localDirectory, cancellationToken, "read-tree", head).ConfigureAwait(false);
        }

        await Local(localDirectory, CancellationToken.None, "update-ref", "-d", importedRef).ConfigureAwait(false);
        return (outcome, head);
    }

    static Task<GitResult> Local(string directory, CancellationToken cancellationToken, params string[] args) =>
        GitCommand.RunAsync(directory, args, LocalTimeout, cancellationToken);

    static async Task<GitResult> LocalOrThrow(string directory, CancellationToken cancellationToken, params string[] args)
    {
        GitResult result = await Local(directory, cancellationToken, args).ConfigureAwait(false);
        return result.Succeeded ? result : throw new IOException(string.Create(CultureInfo.InvariantCulture, $"git {args[0]} failed here (exit {result.ExitCode}): {result.Error}"));
    }

    static bool SamePath(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);
}
