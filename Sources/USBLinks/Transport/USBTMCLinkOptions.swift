extension USBTMCLink {
    /// Transfer sizes and timeouts of a USBTMC link.
    public struct Options: Sendable, Equatable {
        /// The largest transfer size accepted; larger values are reduced to it.
        public static let transferSizeLimit = 1 << 20

        /// Payload bytes per `DEV_DEP_MSG_OUT` transfer; longer messages are split with EOM on the last.
        /// The default matches the Linux driver's 4096-byte buffer less the header.
        public let maxTransferSize: Int
        /// TransferSize of each `REQUEST_DEV_DEP_MSG_IN` (the most one reply may carry).
        public let readTransferSize: Int
        /// Timeout of each class control request (abort, clear, capabilities, status byte).
        public var controlTimeout: Duration
        /// libusb's log level when the link creates its own ``USBContext``.
        public var logLevel: USBLogLevel

        /// Creates options; the defaults suit the PM100, 2450 and E36312A. Transfer sizes are kept within
        /// 1…``transferSizeLimit``.
        public init(maxTransferSize: Int = 4084, readTransferSize: Int = 4084, controlTimeout: Duration = .seconds(1),
                    logLevel: USBLogLevel = .error) {
            self.maxTransferSize = min(max(1, maxTransferSize), Self.transferSizeLimit)
            self.readTransferSize = min(max(1, readTransferSize), Self.transferSizeLimit)
            self.controlTimeout = controlTimeout
            self.logLevel = logLevel
        }
    }
}
