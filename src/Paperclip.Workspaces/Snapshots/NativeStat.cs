using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Paperclip.Workspaces.Snapshots;

/// <summary>
/// <c>statx(2)</c> without following symlinks: the type and mode, size, inode, device, and mtime and ctime in
/// nanoseconds, which the BCL does not expose. Linux only (glibc 2.28+); elsewhere <see cref="TryStat"/> says no and
/// the caller falls back to the BCL (and hashes every file, since it has no trustworthy stamp).
/// </summary>
internal static partial class NativeStat
{
    const int AtFdCwd = -100;
    const int AtSymlinkNoFollow = 0x100;
    const uint StatxBasicStats = 0x7ff;

    /// <summary>File type bits of <c>st_mode</c>.</summary>
    internal const int TypeMask = 0xF000;
    internal const int TypeFile = 0x8000;
    internal const int TypeDirectory = 0x4000;
    internal const int TypeSymlink = 0xA000;
    internal const int TypeFifo = 0x1000;
    internal const int TypeSocket = 0xC000;
    internal const int TypeCharDevice = 0x2000;
    internal const int TypeBlockDevice = 0x6000;

    static readonly bool Available = OperatingSystem.IsLinux() && Probe();

    /// <summary>The result of one call.</summary>
    internal readonly record struct Stat(int Mode, long Size, ulong Inode, ulong Device, long MtimeNs, long CtimeNs);

    /// <summary>True where statx is there to call.</summary>
    internal static bool IsAvailable => Available;

    /// <summary>Stats <paramref name="path"/> (not following a final symlink). False when unavailable or the call failed.</summary>
    internal static bool TryStat(string path, out Stat stat) => TryStatAt(AtFdCwd, path, out stat);

    /// <summary>
    /// Stats <paramref name="name"/> in the directory open as <paramref name="directory"/> (not following it if a
    /// symlink): the kernel resolves one name, not the whole path again.
    /// </summary>
    internal static bool TryStatAt(DirectoryHandle directory, ReadOnlySpan<char> name, out Stat stat)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return TryStatAt(directory.Descriptor, name, out stat);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    static unsafe bool TryStatAt(int dirfd, ReadOnlySpan<char> path, out Stat stat)
    {
        stat = default;
        if (!Available)
        {
            return false;
        }

        // The name is encoded on the stack (a walk stats every entry: no string or array per call).
        int most = Encoding.UTF8.GetMaxByteCount(path.Length) + 1;
        Span<byte> utf8 = most <= 1024 ? stackalloc byte[1024] : new byte[most];
        utf8[Encoding.UTF8.GetBytes(path, utf8)] = 0;
        byte* buffer = stackalloc byte[256];
        fixed (byte* name = utf8)
        {
            if (NativeStatx(dirfd, name, AtSymlinkNoFollow, StatxBasicStats, buffer) != 0)
            {
                return false;
            }
        }

        // struct statx (include/uapi/linux/stat.h): the layout is the same on every architecture.
        int mode = *(ushort*)(buffer + 28);
        ulong inode = *(ulong*)(buffer + 32);
        long size = *(long*)(buffer + 40);
        long ctime = (*(long*)(buffer + 96) * 1_000_000_000L) + *(uint*)(buffer + 104);
        long mtime = (*(long*)(buffer + 112) * 1_000_000_000L) + *(uint*)(buffer + 120);
        ulong device = ((ulong)*(uint*)(buffer + 136) << 32) | *(uint*)(buffer + 140);
        stat = new Stat(mode, size, inode, device, mtime, ctime);
        return true;
    }

    static unsafe bool Probe()
    {
        try
        {
            byte* buffer = stackalloc byte[256];
            byte* root = stackalloc byte[] { (byte)'/', 0 };
            return NativeStatx(AtFdCwd, root, AtSymlinkNoFollow, StatxBasicStats, buffer) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static unsafe partial int NativeStatx(int dirfd, byte* pathname, int flags, uint mask, byte* statxbuf);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeOpen(string pathname, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int NativeClose(int fd);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int NativeFsync(int fd);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeRename(string oldpath, string newpath);

    /// <summary>The <c>errno</c> of a rename across file systems.</summary>
    internal const int CrossDevice = 18;

    /// <summary>
    /// <c>rename(2)</c> itself: atomic, or an error — never the BCL's fallback of copying across file systems, which
    /// writes the target in place. Returns 0 or the <c>errno</c>.
    /// </summary>
    internal static int Rename(string from, string to) => NativeRename(from, to) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>Flushes a directory's entries (renames, creations, deletions in it) to disk; a no-op where unavailable.</summary>
    internal static void SyncDirectory(string path)
    {
        using DirectoryHandle? handle = DirectoryHandle.TryOpen(path);
        if (handle is not null)
        {
            _ = NativeFsync(handle.Descriptor);
        }
    }

    /// <summary>A directory opened for statx relative to it (<c>O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC</c>).</summary>
    internal sealed class DirectoryHandle : IDisposable
    {
        // O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC: Arm's first two differ from the generic values x86-64 uses.
        static readonly int OpenFlags = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm
            ? 0x4000 | 0x8000 | 0x80000
            : 0x10000 | 0x20000 | 0x80000;

        DirectoryHandle(int descriptor) => this.Descriptor = descriptor;

        internal int Descriptor { get; private set; }

        /// <summary>Opens <paramref name="path"/>; null when statx is unavailable or it cannot be opened.</summary>
        internal static DirectoryHandle? TryOpen(string path)
        {
            if (!Available)
            {
                return null;
            }

            int fd = NativeOpen(path, OpenFlags);
            return fd >= 0 ? new DirectoryHandle(fd) : null;
        }

        /// <inheritdoc/>
        public void Dispose()
        {
            if (this.Descriptor >= 0)
            {
                _ = NativeClose(this.Descriptor);
                this.Descriptor = -1;
            }
        }
    }
}
