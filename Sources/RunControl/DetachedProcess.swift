import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process started in a session of its own (`setsid`), so that it outlives whoever started it and a
/// Ctrl-C or hangup aimed at the starter never reaches it; its standard output and error are appended to a log
/// file and its standard input is /dev/null. Its signals start at their default actions and unblocked, whatever
/// the starter ignores or blocks: a run must receive SIGTERM and SIGINT to stop safely.
public struct DetachedProcess: Sendable, Equatable {
    /// The child's pid.
    public let pid: Int32

    /// This program's own executable (`/proc/self/exe`), to start another `qualstation` of the same build.
    public static func currentExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Starts `executable` with `arguments`, appending its output to `logPath`.
    public static func spawn(_ executable: String, _ arguments: [String], logPath: String) throws(RunControlError) -> DetachedProcess {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGQUIT] { sigaddset(&defaults, signal) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        // POSIX_SPAWN_SETSID (glibc 2.26+, <spawn.h> under _GNU_SOURCE), which the Glibc module does not export.
        let setSessionID: Int32 = 0x80
        posix_spawnattr_setflags(
            &attributes, Int16(setSessionID | Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK)))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard status == 0 else {
            throw .io("cannot start \(executable) \(arguments.joined(separator: " ")): \(String(cString: strerror(status)))")
        }
        return DetachedProcess(pid: pid)
    }

    /// Reaps the child on a thread of its own when it ends, for a starter that lives on and never asks how it
    /// ended (the console).
    public func reapWhenItEnds() {
        let child = pid
        Thread.detachNewThread {
            var status: Int32 = 0
            _ = waitpid(child, &status, 0)
        }
    }

    /// The child's exit status if it has ended (reaping it), nil while it runs.
    public func exitStatus() -> Int32? {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        // WIFEXITED / WEXITSTATUS, which are macros in C.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}
