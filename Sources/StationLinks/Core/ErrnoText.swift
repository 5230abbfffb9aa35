#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns an `errno` value into `ENAME: message` text.
public enum ErrnoText {
    /// A readable rendering of `code`, e.g. `errno 2: No such file or directory`.
    public static func describe(_ code: Int32) -> String {
        guard let message = strerror(code) else { return "errno \(code)" }
        return "errno \(code): \(String(cString: message))"
    }
}
