import Foundation

/// What the process's terminal can do: whether stdout is a terminal and whether colour is welcome.
struct Terminal: Sendable {
    /// stdout is a terminal (and `TERM` is not `dumb`).
    var isInteractive: Bool
    /// ANSI colour is allowed: an interactive terminal and no `NO_COLOR` (https://no-color.org).
    var useColor: Bool

    /// The terminal of this process.
    static var current: Terminal {
        let environment = ProcessInfo.processInfo.environment
        let interactive = isatty(STDOUT_FILENO) == 1 && environment["TERM"] != "dumb"
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return Terminal(isInteractive: interactive, useColor: interactive && !noColor)
    }

    /// Wraps `text` in an ANSI colour when colour is allowed.
    func paint(_ text: String, _ color: Color) -> String {
        useColor ? "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// ANSI colour codes.
    enum Color: String {
        case green = "1;32"
        case red = "1;31"
        case yellow = "1;33"
        case dim = "2"
    }
}

/// Writes to standard output at once (unbuffered), so lines reach a pipe or log file as they happen.
enum StandardOutput {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

/// Writes to standard error.
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
