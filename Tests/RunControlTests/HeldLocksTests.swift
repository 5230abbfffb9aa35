import Foundation
import RunControl
import Testing

/// A run is live while a process holds its lock; the console reads that from the kernel's lock table.
@Suite("Held locks")
struct HeldLocksTests {
    @Test("a held lock is seen among hundreds of others (a long lock table), a released one is not")
    func longLockTable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qualstation-locks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var locks: [ProcessLock] = []
        for index in 0..<400 {
            locks.append(try ProcessLock.acquire(path: folder.appendingPathComponent("\(index).lock").path, what: "test \(index)"))
        }
        let last = folder.appendingPathComponent("399.lock").path
        let held = HeldLocks.snapshot().holder(of: last)
        #expect(held.held)
        #expect(held.pid == getpid())
        locks.removeLast()
        #expect(!HeldLocks.snapshot().holder(of: last).held)
        #expect(HeldLocks.snapshot().holder(of: folder.appendingPathComponent("0.lock").path).held)
    }
}
