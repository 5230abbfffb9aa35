import Foundation
import Glibc

/// A child process run to completion and reaped with `wait4`, so that its own resource usage (peak resident
/// memory in particular) is known, which `Foundation.Process` does not report.
struct ChildProcess {
    /// How a child ended and what it used.
    struct Result: Sendable {
        /// Everything it wrote to standard output.
        var output: String
        /// Everything it wrote to standard error.
        var errorOutput: String
        /// Its exit code, or nil when a signal ended it.
        var exitCode: Int32?
        /// The signal that ended it, if any.
        var signal: Int32?
        /// Its peak resident set size, bytes (`ru_maxrss` from `wait4`).
        var maxResidentBytes: Int
        /// Wall-clock seconds from spawn to exit.
        var wallSeconds: Double
    }

    /// Why a child could not be started.
    struct SpawnError: Error, CustomStringConvertible, Sendable {
        /// The program.
        var program: String
        /// The errno of `fork`, of a pipe, or ENOENT when the program is not found.
        var code: Int32

        var description: String { "cannot start \(program): \(String(cString: strerror(code))) (errno \(code))" }
    }

    /// The program (looked up in PATH when it has no slash) and its arguments, without argv[0].
    var program: String
    /// The arguments.
    var arguments: [String]

    /// Starts the child, collects its output until it exits and reaps it. Blocks the calling thread.
    ///
    /// The child is started with `fork` and `execve`, not `posix_spawn`: Linux charges a vfork-style child (which
    /// is what glibc's `posix_spawn` is) with the parent's peak resident memory when it execs, so its `ru_maxrss`
    /// would say more about the parent than about the child. After `fork` the child only calls `dup2`, `close`,
    /// `execve` and `_exit`, with every argument prepared beforehand.
    ///
    /// - Throws: ``SpawnError`` when the program cannot be found or started.
    func run() throws(SpawnError) -> Result {
        guard let path = Self.resolve(program) else { throw SpawnError(program: program, code: ENOENT) }
        let start = ContinuousClock.now
        var outputPipe: [Int32] = [-1, -1]
        var errorPipe: [Int32] = [-1, -1]
        guard pipe(&outputPipe) == 0 else { throw SpawnError(program: program, code: errno) }
        guard pipe(&errorPipe) == 0 else {
            let code = errno
            close(outputPipe[0])
            close(outputPipe[1])
            throw SpawnError(program: program, code: code)
        }
        // Descriptors the child must not keep (simulator sockets, run stores); its pipe ends are dup'ed first.
        let inherited = Self.openDescriptors().filter { $0 > 2 }
        let argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) } + [nil]
        let executable = strdup(path)
        defer {
            for pointer in argv { free(pointer) }
            free(executable)
        }
        let (output, errorOutput) = (outputPipe, errorPipe)
        let pid = argv.withUnsafeBufferPointer { arguments -> pid_t in
            inherited.withUnsafeBufferPointer { descriptors -> pid_t in
                guard let argumentList = arguments.baseAddress, let executable else { return -1 }
                let child = fork()
                guard child == 0 else { return child }
                dup2(output[1], 1)
                dup2(errorOutput[1], 2)
                for descriptor in descriptors { close(descriptor) }
                execve(executable, argumentList, environ)
                _exit(127)
            }
        }
        let forkError = errno
        close(outputPipe[1])
        close(errorPipe[1])
        guard pid > 0 else {
            close(outputPipe[0])
            close(errorPipe[0])
            throw SpawnError(program: program, code: forkError)
        }
        let (standardOutput, standardError) = Self.drain(output: outputPipe[0], error: errorPipe[0])
        close(outputPipe[0])
        close(errorPipe[0])

        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let terminatingSignal = status & 0x7F
        return Result(
            output: String(decoding: standardOutput, as: UTF8.self),
            errorOutput: String(decoding: standardError, as: UTF8.self),
            exitCode: terminatingSignal == 0 ? (status >> 8) & 0xFF : nil,
            signal: terminatingSignal == 0 ? nil : terminatingSignal,
            maxResidentBytes: Int(usage.ru_maxrss) * 1024,
            wallSeconds: BenchMath.seconds(ContinuousClock.now - start))
    }

    /// The executable for `program`: itself when it holds a slash, else the first match on PATH.
    private static func resolve(_ program: String) -> String? {
        if program.contains("/") { return access(program, X_OK) == 0 ? program : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(program)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// The descriptors open in this process.
    private static func openDescriptors() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { Int32($0) }
    }

    /// Reads both pipes until both reach end of file.
    private static func drain(output: Int32, error: Int32) -> ([UInt8], [UInt8]) {
        var collected: [[UInt8]] = [[], []]
        var open = [output, error]
        var buffer = [UInt8](repeating: 0, count: 65536)
        while open.contains(where: { $0 >= 0 }) {
            var entries = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = entries.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), -1) }
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in entries.indices where entries[index].fd >= 0 && entries[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(entries[index].fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    collected[index] += buffer[0..<count]
                } else if count == 0 || errno != EINTR {
                    open[index] = -1
                }
            }
        }
        return (collected[0], collected[1])
    }
}
