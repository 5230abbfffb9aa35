import Foundation
import Glibc

/// The CPUs the whole process may run on, read and set for every thread (Linux `sched_getaffinity` and
/// `sched_setaffinity`, looked up at run time because the Glibc module does not export them).
///
/// Latency is measured with client, simulated instrument and competitor on one core (measuring.md): across
/// cores, wake-ups between the hypervisor's CPUs dominate and hide the client overhead being compared. Threads
/// started later inherit the mask of the thread that starts them, and so do child processes.
enum CPUAffinity {
    private typealias AffinityCall = @convention(c) (pid_t, Int, UnsafeMutableRawPointer?) -> Int32

    /// Words in the CPU mask: 1,024 CPUs.
    private static let maskWords = 16

    /// The CPUs the calling thread may run on, or nil when the mask cannot be read.
    static func allowed() -> [Int]? {
        guard let call = function("sched_getaffinity") else { return nil }
        var mask = [UInt64](repeating: 0, count: maskWords)
        let result = mask.withUnsafeMutableBytes { call(0, $0.count, $0.baseAddress) }
        guard result == 0 else { return nil }
        var cpus: [Int] = []
        for (word, bits) in mask.enumerated() {
            for bit in 0..<64 where bits & (1 << UInt64(bit)) != 0 {
                cpus.append(word * 64 + bit)
            }
        }
        return cpus
    }

    /// Restricts every thread of the process to `cpus`. Returns false when any thread could not be moved.
    @discardableResult
    static func restrictProcess(to cpus: [Int]) -> Bool {
        guard let call = function("sched_setaffinity"), !cpus.isEmpty else { return false }
        var mask = [UInt64](repeating: 0, count: maskWords)
        for cpu in cpus where cpu >= 0 && cpu < maskWords * 64 {
            mask[cpu / 64] |= 1 << UInt64(cpu % 64)
        }
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        var allMoved = !threads.isEmpty
        for thread in threads {
            guard let tid = pid_t(thread) else { continue }
            let result = mask.withUnsafeMutableBytes { call(tid, $0.count, $0.baseAddress) }
            // A thread that ended meanwhile (ESRCH) needs no mask.
            if result != 0 && errno != ESRCH { allMoved = false }
        }
        return allMoved
    }

    private static func function(_ name: String) -> AffinityCall? {
        guard let symbol = dlsym(nil, name) else { return nil }
        return unsafeBitCast(symbol, to: AffinityCall.self)
    }
}
