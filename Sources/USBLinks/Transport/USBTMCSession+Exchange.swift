import CLibUSB

/// Messages and replies: `DEV_DEP_MSG_OUT`, `REQUEST_DEV_DEP_MSG_IN` / `DEV_DEP_MSG_IN`, and the aborts that
/// recover from a transfer that timed out or was cancelled.
extension USBTMCSession {
    /// Sends `message` as `DEV_DEP_MSG_OUT` transfers of at most ``USBTMCLink/Options/maxTransferSize`` payload
    /// bytes, EOM on the last. A transfer that times out is aborted with its bTag.
    func send(_ message: [UInt8], budget: TransferBudget) throws(USBTransferFailure) {
        let transfers = USBTMCOutMessage.transfers(for: message, maxTransferSize: options.maxTransferSize,
                                                   tags: &tags)
        for transfer in transfers {
            let step = "sending DEV_DEP_MSG_OUT bTag \(USBTMCFramingError.hex(transfer.tag))"
                + " (\(transfer.payloadCount) of \(message.count) message bytes) within \(budget.timeout)"
            do throws(USBTransferFailure) {
                try bulkWrite(transfer.bytes, budget: budget, step: step)
            } catch {
                throw recoverBulkOut(error, tag: transfer.tag)
            }
        }
    }

    /// Sends a USB488 `TRIGGER` message.
    func sendTrigger(budget: TransferBudget) throws(USBTransferFailure) {
        let tag = tags.next()
        do throws(USBTransferFailure) {
            try bulkWrite(USBTMCBulkOutHeader.trigger(tag: tag).encode(), budget: budget,
                          step: "sending TRIGGER bTag \(USBTMCFramingError.hex(tag))")
        } catch {
            throw recoverBulkOut(error, tag: tag)
        }
    }

    /// One request/reply exchange: `REQUEST_DEV_DEP_MSG_IN` for at most `size` bytes (TermChar when given), then the
    /// `DEV_DEP_MSG_IN` reply, reading further Bulk-IN transfers until TransferSize bytes have arrived.
    func receiveReply(size requested: Int, termChar: UInt8?, budget: TransferBudget)
        throws(USBTransferFailure) -> USBTMCBulkInMessage {
        let size = UInt32(min(max(1, requested), Int(UInt32.max) - 64))
        let tag = tags.next()
        let header = USBTMCBulkOutHeader.requestDevDepMsgIn(tag: tag, transferSize: size, termChar: termChar)
        let tagText = USBTMCFramingError.hex(tag)
        do throws(USBTransferFailure) {
            try bulkWrite(header.encode(), budget: budget,
                          step: "sending REQUEST_DEV_DEP_MSG_IN bTag \(tagText) within \(budget.timeout)")
        } catch {
            throw recoverBulkOut(error, tag: tag)
        }
        let step = "no complete reply to REQUEST_DEV_DEP_MSG_IN bTag \(tagText) (\(size) bytes)"
            + " within \(budget.timeout)"
        do throws(USBTransferFailure) {
            var message = try readReplyHeader(tag: tag, size: size, budget: budget, step: step)
            while message.missingByteCount > 0 {
                let missing = message.missingByteCount
                let more = try bulkRead(capacity: USBTMCBulkOutHeader.paddedLength(missing), budget: budget,
                                        step: step) { $0.count >= missing }
                message.data.append(contentsOf: more.prefix(missing))
            }
            return message
        } catch {
            throw recoverBulkIn(error, tag: tag)
        }
    }

    /// Reads Bulk-IN transfers until one carries a header, skipping zero-length packets, and decodes it.
    private func readReplyHeader(tag: UInt8, size: UInt32, budget: TransferBudget, step: String)
        throws(USBTransferFailure) -> USBTMCBulkInMessage {
        let capacity = USBTMCBulkOutHeader.size + USBTMCBulkOutHeader.paddedLength(Int(size))
        while true {
            let frame = try bulkRead(capacity: capacity, budget: budget, step: step) { frame in
                guard frame.count >= USBTMCBulkOutHeader.size else { return false }
                let announced = Int(frame[4]) | Int(frame[5]) << 8 | Int(frame[6]) << 16 | Int(frame[7]) << 24
                return frame.count >= USBTMCBulkOutHeader.size + announced
            }
            if frame.isEmpty { continue }
            do throws(USBTMCFramingError) {
                return try USBTMCBulkInMessage.decode(frame, expectedTag: tag, requestedSize: size)
            } catch {
                throw USBTransferFailure(reason: .framing(error), step: "decoding the Bulk-IN reply")
            }
        }
    }

    /// Adds the Bulk-OUT recovery to `failure`: an abort of `tag` after a timeout, cancellation or close, a halt
    /// clear after a stall.
    func recoverBulkOut(_ failure: USBTransferFailure, tag: UInt8) -> USBTransferFailure {
        var failure = failure
        switch failure.reason {
        case .timedOut, .cancelled, .closing:
            failure.notes.append(abortBulkOut(tag: tag))
        case .libusb(let code) where code == LIBUSB_ERROR_PIPE.rawValue:
            failure.notes.append("the instrument stalled Bulk-OUT")
            failure.notes.append(clearHalt(bulkOut))
        default:
            break
        }
        return failure
    }

    /// Adds the Bulk-IN recovery to `failure`: an abort of `tag` after a timeout, cancellation or close, a halt
    /// clear after a stall, advice after a malformed reply.
    func recoverBulkIn(_ failure: USBTransferFailure, tag: UInt8) -> USBTransferFailure {
        var failure = failure
        switch failure.reason {
        case .timedOut, .cancelled, .closing:
            failure.notes.append(abortBulkIn(tag: tag))
        case .libusb(let code) where code == LIBUSB_ERROR_PIPE.rawValue:
            failure.notes.append("the instrument stalled Bulk-IN")
            failure.notes.append(clearHalt(bulkIn))
        case .framing:
            failure.notes.append("the reply was dropped; clear() resynchronises the link")
        default:
            break
        }
        return failure
    }

    /// `INITIATE_ABORT_BULK_OUT` for `tag`, then `CHECK_ABORT_BULK_OUT_STATUS` while PENDING, then a halt clear on
    /// Bulk-OUT (the Linux driver's sequence). Returns what happened, for the error message.
    func abortBulkOut(tag: UInt8) -> String {
        let name = "INITIATE_ABORT_BULK_OUT bTag \(USBTMCFramingError.hex(tag))"
        do throws(USBTransferFailure) {
            let reply = try controlReply(.initiateAbortBulkOut(tag: tag, endpoint: bulkOut))
            guard reply.status == .success else {
                return "\(name): the instrument answered \(reply.status) (no such transfer in progress)"
            }
            for _ in 0..<Self.maxPolls {
                let check = try controlReply(.checkAbortBulkOutStatus(endpoint: bulkOut))
                if check.status == .pending {
                    pause()
                    continue
                }
                guard check.status == .success else {
                    return "\(name): CHECK_ABORT_BULK_OUT_STATUS answered \(check.status)"
                }
                return "\(name) aborted the transfer; \(clearHalt(bulkOut))"
            }
            return "\(name): the abort was still pending after \(Self.maxPolls) polls"
        } catch {
            return "\(name) failed: \(error.detail)"
        }
    }

    /// `INITIATE_ABORT_BULK_IN` for `tag`, drain Bulk-IN, then `CHECK_ABORT_BULK_IN_STATUS` while PENDING,
    /// draining whenever the instrument says data is still queued (the Linux driver's sequence).
    func abortBulkIn(tag: UInt8) -> String {
        let name = "INITIATE_ABORT_BULK_IN bTag \(USBTMCFramingError.hex(tag))"
        do throws(USBTransferFailure) {
            let reply = try controlReply(.initiateAbortBulkIn(tag: tag, endpoint: bulkIn))
            if reply.status == .failed {
                return "\(name): no transfer was in progress (STATUS_FAILED)"
            }
            guard reply.status == .success else {
                return "\(name): the instrument answered \(reply.status)"
            }
            drainBulkIn()
            for _ in 0..<Self.maxPolls {
                let check = try controlReply(.checkAbortBulkInStatus(endpoint: bulkIn))
                if check.status == .success { return "\(name) aborted the reply" }
                guard check.status == .pending else {
                    return "\(name): CHECK_ABORT_BULK_IN_STATUS answered \(check.status)"
                }
                if check.bulkInHasData { drainBulkIn() } else { pause() }
            }
            return "\(name): the abort was still pending after \(Self.maxPolls) polls"
        } catch {
            return "\(name) failed: \(error.detail)"
        }
    }
}
