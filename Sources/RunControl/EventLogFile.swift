import Foundation
import Qualification
import StationClock
import Synchronization

/// Appends one line per event, stamped with station time, to a run's `events.log`, and passes everything on to
/// another reporter (the terminal).
public final class EventLogFile: ProgressReporter {
    private let handle: Mutex<FileHandle?>
    private let clock: any StationClock
    private let next: any ProgressReporter

    /// Opens (or creates) the log for appending.
    public init(path: String, clock: any StationClock, forwardingTo next: any ProgressReporter) throws(RunControlError) {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw .io("cannot create the event log \(path)")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw .io("cannot open the event log \(path) for writing")
        }
        handle.seekToEndOfFile()
        self.handle = Mutex(handle)
        self.clock = clock
        self.next = next
    }

    public func event(_ text: String) {
        let line = "\(ISO8601DateFormatter().string(from: clock.now)) \(text)\n"
        handle.withLock { $0?.write(Data(line.utf8)) }
        next.event(text)
    }

    public func status(_ status: ProgressStatus) {
        next.status(status)
    }

    /// Flushes and closes the file; later events only reach the next reporter.
    public func close() {
        handle.withLock { handle in
            try? handle?.synchronize()
            try? handle?.close()
            handle = nil
        }
    }
}
