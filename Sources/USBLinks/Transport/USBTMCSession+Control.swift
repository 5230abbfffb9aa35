import CLibUSB

/// Device clear, capabilities and the USB488 status byte.
extension USBTMCSession {
    /// `INITIATE_CLEAR`, `CHECK_CLEAR_STATUS` while PENDING (draining Bulk-IN when the instrument says data is
    /// queued), then a halt clear on Bulk-OUT; drops buffered input.
    func clear(budget: TransferBudget) throws(USBTransferFailure) {
        input.removeAll()
        let step = "clearing the instrument (INITIATE_CLEAR)"
        let reply = try controlReply(.initiateClear(interface: interface.number))
        guard reply.status == .success else {
            throw USBTransferFailure(reason: .status(.initiateClear, reply.status), step: step)
        }
        while true {
            try budget.checkInterrupted(step)
            let check = try controlReply(.checkClearStatus(interface: interface.number))
            if check.status == .success { break }
            guard check.status == .pending else {
                throw USBTransferFailure(reason: .status(.checkClearStatus, check.status), step: step)
            }
            if budget.isExpired {
                throw .timedOut("CHECK_CLEAR_STATUS still answered STATUS_PENDING after \(budget.timeout)")
            }
            if check.bulkInHasData { drainBulkIn() } else { pause() }
        }
        let status = io.clearHalt(endpoint: bulkOut)
        guard status == 0 else {
            throw USBTransferFailure(reason: .libusb(code: status), step: "clearing the halt on Bulk-OUT after a clear")
        }
    }

    /// `GET_CAPABILITIES`; remembers the answer (TermChar support decides how reads are requested).
    @discardableResult
    func queryCapabilities() throws(USBTransferFailure) -> USBTMCCapabilities {
        let step = "reading the capabilities (GET_CAPABILITIES)"
        let bytes = try control(.getCapabilities(interface: interface.number))
        let decoded: USBTMCCapabilities
        do throws(USBTMCFramingError) {
            decoded = try USBTMCCapabilities.decode(bytes)
        } catch {
            throw USBTransferFailure(reason: .framing(error), step: step)
        }
        guard decoded.replyStatus == .success else {
            throw USBTransferFailure(reason: .status(.getCapabilities, decoded.replyStatus), step: step)
        }
        capabilities = decoded
        return decoded
    }

    /// USB488 `READ_STATUS_BYTE`: the status byte comes in the control reply, or on Interrupt-IN as
    /// `[0x80 | bTag, STB]` when the interface has that endpoint (service-request notifications are skipped).
    func readStatusByte(budget: TransferBudget) throws(USBTransferFailure) -> UInt8 {
        guard interface.isUSB488 else {
            throw USBTransferFailure(reason: .unsupported,
                                     step: "READ_STATUS_BYTE needs a USB488 interface (bInterfaceProtocol 1);"
                                         + " interface \(interface.number) is plain USBTMC")
        }
        let tag = statusTags.next()
        let step = "reading the status byte (READ_STATUS_BYTE bTag \(USBTMCFramingError.hex(tag)))"
        let reply = try controlReply(.readStatusByte(tag: tag, interface: interface.number))
        guard reply.status == .success else {
            throw USBTransferFailure(reason: .status(.readStatusByte, reply.status), step: step)
        }
        guard let interruptIn = interface.interruptIn else {
            return reply.statusByte ?? 0
        }
        while true {
            try budget.checkInterrupted(step)
            let (status, bytes) = io.interruptRead(endpoint: interruptIn, capacity: 1024,
                                                   timeoutMilliseconds: budget.nextSliceMilliseconds)
            if status == 0, bytes.count >= 2, bytes[0] == 0x80 | tag {
                return bytes[1]
            }
            if status != 0 && status != LIBUSB_ERROR_TIMEOUT.rawValue {
                throw USBTransferFailure(reason: .libusb(code: status), step: step + " on Interrupt-IN")
            }
            if budget.isExpired { throw .timedOut(step + ": no Interrupt-IN notification within \(budget.timeout)") }
        }
    }
}
