/// The VXI-11 core channel's RPC program (VXI-11 rev 1.0, the `DEVICE_CORE` program of its RPCL) and its procedure numbers.
public enum VXI11Program {
    /// DEVICE_CORE, program 0x0607AF.
    public static let deviceCore: UInt32 = 395_183
    /// DEVICE_CORE_VERSION.
    public static let version: UInt32 = 1
    /// DEVICE_ASYNC, the abort channel's program 0x0607B0.
    public static let deviceAsync: UInt32 = 395_184

    /// The DEVICE_CORE procedures this project calls or serves.
    public enum Procedure: UInt32, Sendable, CaseIterable {
        /// create_link.
        case createLink = 10
        /// device_write.
        case deviceWrite = 11
        /// device_read.
        case deviceRead = 12
        /// device_readstb.
        case deviceReadSTB = 13
        /// device_trigger.
        case deviceTrigger = 14
        /// device_clear.
        case deviceClear = 15
        /// device_remote.
        case deviceRemote = 16
        /// device_local.
        case deviceLocal = 17
        /// device_lock.
        case deviceLock = 18
        /// device_unlock.
        case deviceUnlock = 19
        /// destroy_link.
        case destroyLink = 23
    }
}
