/// The ``StationLinks/ByteLink`` read semantics on top of USBTMC messages: replies are requested as needed and
/// buffered, so bytes past a terminator stay for the next read.
extension USBTMCSession {
    /// Returns the bytes before `terminator` (consumed), requesting replies until it arrives among the first
    /// `maxCount` buffered bytes. Uses TermChar when the instrument supports it.
    func read(until terminator: UInt8, maxCount: Int, budget: TransferBudget) throws(USBTransferFailure) -> [UInt8] {
        let limit = max(1, maxCount)
        while true {
            if let index = input.prefix(limit).firstIndex(of: terminator) {
                let line = Array(input[..<index])
                input.removeFirst(index + 1)
                return line
            }
            if input.count >= limit {
                let taken = take(limit)
                let step = "no terminator \(USBTMCFramingError.hex(terminator)) within \(limit) bytes"
                throw USBTransferFailure(reason: .overflow, step: step, received: taken)
            }
            let termChar = capabilities?.supportsTermChar == true ? terminator : nil
            try appendReply(size: options.readTransferSize, termChar: termChar, budget: budget)
        }
    }

    /// Returns exactly `count` bytes, requesting only as many as are still missing.
    func read(exactly count: Int, budget: TransferBudget) throws(USBTransferFailure) -> [UInt8] {
        let count = max(0, count)
        while input.count < count {
            try appendReply(size: min(count - input.count, options.readTransferSize), termChar: nil, budget: budget)
        }
        return take(count)
    }

    /// Returns what is buffered, or else one instrument message (replies until EOM), at most `maxCount` bytes.
    func readMessage(maxCount: Int, budget: TransferBudget) throws(USBTransferFailure) -> [UInt8] {
        let limit = max(1, maxCount)
        var ended = false
        while input.isEmpty || (!ended && input.count < limit) {
            let reply = try appendReply(size: min(limit - input.count, options.readTransferSize),
                                        termChar: nil, budget: budget)
            ended = reply.isEndOfMessage
        }
        return take(min(limit, input.count))
    }

    /// One exchange whose data is appended to the input buffer. On failure the buffered bytes move into the error
    /// (the partial reply) and the buffer is emptied.
    @discardableResult
    private func appendReply(size: Int, termChar: UInt8?, budget: TransferBudget)
        throws(USBTransferFailure) -> USBTMCBulkInMessage {
        do throws(USBTransferFailure) {
            let reply = try receiveReply(size: size, termChar: termChar, budget: budget)
            input.append(contentsOf: reply.data)
            return reply
        } catch {
            var failure = error
            failure.received = input
            input.removeAll()
            throw failure
        }
    }

    /// Removes and returns the first `count` buffered bytes.
    private func take(_ count: Int) -> [UInt8] {
        let taken = Array(input.prefix(count))
        input.removeFirst(taken.count)
        return taken
    }
}
