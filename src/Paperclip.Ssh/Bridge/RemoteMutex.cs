namespace Paperclip.Ssh.Bridge;

/// <summary>
/// The box-side mutex every bridge file write takes, as POSIX shell functions to prepend to a script (the entrypoint
/// upload); the box-side server takes the same lock, by the same rules, for each response it writes
/// (<c>paperclip-bridge-server.mjs</c>). Upstream's was a <c>mkdir</c> lock with the holder's pid written afterwards: a holder that
/// died in between left a lock nobody could ever break, and a reused pid made a dead holder look alive. Here the lock is
/// a symlink whose target <em>is</em> the owner record, <c>&lt;pid&gt;:&lt;start token&gt;</c> (the process's start time,
/// from <c>/proc</c> or <c>ps</c>), created in one step by <c>ln -s</c> — so no lock ever exists without its owner —
/// and an owner counts as alive only while that pid runs with that start token. A dead owner's lock is broken under a
/// breaker lock of the same kind, and only if it still names that owner. The wait is bounded (600 × 50 ms), then the
/// script exits 75 naming the holder.
/// </summary>
internal static class RemoteMutex
{
    /// <summary>How long a writer waits for the lock, in 50 ms attempts.</summary>
    internal const int Attempts = 600;

    /// <summary>The exit code of a script that timed out waiting for the lock.</summary>
    internal const int TimedOutExitCode = 75;

    /// <summary>
    /// Defines <c>paperclip_lock &lt;path&gt; &lt;what&gt;</c> and <c>paperclip_unlock</c> (which releases only a lock this
    /// script still owns).
    /// </summary>
    internal const string Functions = """
        paperclip_start_of() {
          if [ -r "/proc/$1/stat" ]; then sed 's/^.*) //' "/proc/$1/stat" | cut -d' ' -f20
          else ps -o lstart= -p "$1" 2>/dev/null | tr -d ' '; fi
        }
        paperclip_alive() {
          p=${1%%:*}; t=${1#*:}
          [ -n "$p" ] && kill -0 "$p" 2>/dev/null && [ "$(paperclip_start_of "$p")" = "$t" ]
        }
        paperclip_lock() {
          paperclip_me="$$:$(paperclip_start_of $$)"
          n=0
          while ! ln -s "$paperclip_me" "$1" 2>/dev/null; do
            owner=$(readlink "$1" 2>/dev/null || true)
            if [ -n "$owner" ] && ! paperclip_alive "$owner"; then
              if ln -s "$paperclip_me" "$1.break" 2>/dev/null; then
                if [ "$(readlink "$1" 2>/dev/null || true)" = "$owner" ]; then rm -f "$1"; fi
                rm -f "$1.break"
                continue
              fi
              breaker=$(readlink "$1.break" 2>/dev/null || true)
              if [ -n "$breaker" ] && ! paperclip_alive "$breaker"; then rm -f "$1.break"; continue; fi
            fi
            n=$((n + 1))
            if [ "$n" -ge 600 ]; then echo "Timed out acquiring the $2 lock $1 (held by ${owner:-an owner that left no record})." >&2; exit 75; fi
            sleep 0.05
          done
          paperclip_held="$1"
        }
        paperclip_unlock() {
          if [ -n "${paperclip_held:-}" ] && [ "$(readlink "$paperclip_held" 2>/dev/null || true)" = "$paperclip_me" ]; then rm -f "$paperclip_held"; fi
          paperclip_held=
        }

        """;
}
