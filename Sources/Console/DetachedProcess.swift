import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts a process in its own session (`setsid`), so it outlives the console and a signal to the console's
/// process group never reaches it. Signals start at their default actions and unblocked (the console ignores
/// SIGTERM and SIGINT to handle them itself; a run must receive them to stop safely). Output goes to `logPath`.
enum DetachedProcess {
    /// `POSIX_SPAWN_SETSID` (glibc 2.26 and later, macOS), which Swift's Glibc module does not import.
    #if os(Linux)
    static let setSessionFlag: Int32 = 0x80
    #else
    static let setSessionFlag: Int32 = 0x400
    #endif

    /// Spawns `executable arguments…`; returns its pid. A thread reaps it when it exits.
    static func spawn(executable: String, arguments: [String], logPath: String) throws(ConsoleError) -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGQUIT] { sigaddset(&defaults, signal) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        let flags = setSessionFlag | Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK)
        posix_spawnattr_setflags(&attributes, Int16(flags))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw ConsoleError(.failed, "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        let child = pid
        Thread.detachNewThread {
            var status: Int32 = 0
            _ = waitpid(child, &status, 0)
        }
        return pid
    }
}
