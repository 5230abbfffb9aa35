import Glibc

/// Puts an open terminal descriptor into raw mode with given ``SerialSettings``.
enum TerminalAttributes {
    /// A failed step, with `errno`.
    struct Failure: Error {
        /// The call that failed, e.g. `tcsetattr`.
        var step: String
        /// Its `errno`.
        var code: Int32
    }

    /// Reads the current attributes, makes them raw, applies `settings`, sets `VMIN = 0` and `VTIME = 0`
    /// (reads never wait in the kernel; the link waits with `poll`), writes them and flushes both queues.
    static func apply(_ settings: SerialSettings, to fd: Int32) throws(Failure) {
        var attributes = termios()
        guard tcgetattr(fd, &attributes) == 0 else { throw Failure(step: "tcgetattr", code: errno) }
        guard configure(&attributes, for: settings) else {
            throw Failure(step: "cfsetspeed(\(settings.baud))", code: errno)
        }
        guard tcsetattr(fd, TCSANOW, &attributes) == 0 else { throw Failure(step: "tcsetattr", code: errno) }
        guard tcflush(fd, TCIOFLUSH) == 0 else { throw Failure(step: "tcflush", code: errno) }
    }

    /// Turns `attributes` into raw mode with `settings`: character size, parity and stop bits are cleared and
    /// then set, `CLOCAL | CREAD` on, flow control as asked, `VMIN = 0`, `VTIME = 0`. Returns false if the
    /// speed cannot be set (`errno` tells why).
    static func configure(_ attributes: inout termios, for settings: SerialSettings) -> Bool {
        cfmakeraw(&attributes)
        guard cfsetspeed(&attributes, speed_t(settings.baud)) == 0 else { return false }

        attributes.c_cflag &= ~tcflag_t(CSIZE | PARENB | PARODD | CSTOPB)
        attributes.c_cflag &= ~tcflag_t(CRTSCTS)
        switch settings.dataBits {
        case 5: attributes.c_cflag |= tcflag_t(CS5)
        case 6: attributes.c_cflag |= tcflag_t(CS6)
        case 7: attributes.c_cflag |= tcflag_t(CS7)
        default: attributes.c_cflag |= tcflag_t(CS8)
        }
        switch settings.parity {
        case .none: break
        case .even: attributes.c_cflag |= tcflag_t(PARENB)
        case .odd: attributes.c_cflag |= tcflag_t(PARENB | PARODD)
        }
        if settings.stopBits == .two { attributes.c_cflag |= tcflag_t(CSTOPB) }
        attributes.c_cflag |= tcflag_t(CLOCAL | CREAD)

        attributes.c_iflag &= ~tcflag_t(IXON | IXOFF | IXANY)
        switch settings.flowControl {
        case .none: break
        case .rtsCts: attributes.c_cflag |= tcflag_t(CRTSCTS)
        case .xonXoff: attributes.c_iflag |= tcflag_t(IXON | IXOFF)
        }

        withUnsafeMutableBytes(of: &attributes.c_cc) { controlCharacters in
            controlCharacters[Int(VMIN)] = 0
            controlCharacters[Int(VTIME)] = 0
        }
        return true
    }
}
