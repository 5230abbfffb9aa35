/// The standard SCPI error and event numbers a simulator reports, with their standard texts.
///
/// Numbers and texts follow SCPI-99 as used by scpi-parser (`libscpi/inc/scpi/error.h`): `-1xx` command
/// errors, `-2xx` execution errors, `-3xx` device-specific errors, `-4xx` query errors.
public enum SCPIStandardError: Int, CaseIterable, Sendable, Hashable {
    /// -100 Command error.
    case commandError = -100
    /// -101 Invalid character.
    case invalidCharacter = -101
    /// -102 Syntax error.
    case syntaxError = -102
    /// -103 Invalid separator.
    case invalidSeparator = -103
    /// -104 Data type error.
    case dataTypeError = -104
    /// -108 Parameter not allowed.
    case parameterNotAllowed = -108
    /// -109 Missing parameter.
    case missingParameter = -109
    /// -112 Program mnemonic too long.
    case programMnemonicTooLong = -112
    /// -113 Undefined header.
    case undefinedHeader = -113
    /// -114 Header suffix out of range.
    case headerSuffixOutOfRange = -114
    /// -120 Numeric data error.
    case numericDataError = -120
    /// -131 Invalid suffix.
    case invalidSuffix = -131
    /// -141 Invalid character data.
    case invalidCharacterData = -141
    /// -151 Invalid string data.
    case invalidStringData = -151
    /// -161 Invalid block data.
    case invalidBlockData = -161
    /// -200 Execution error.
    case executionError = -200
    /// -221 Settings conflict.
    case settingsConflict = -221
    /// -222 Data out of range.
    case dataOutOfRange = -222
    /// -223 Too much data.
    case tooMuchData = -223
    /// -224 Illegal parameter value.
    case illegalParameterValue = -224
    /// -240 Hardware error.
    case hardwareError = -240
    /// -310 System error.
    case systemError = -310
    /// -330 Self-test failed.
    case selfTestFailed = -330
    /// -350 Queue overflow.
    case queueOverflow = -350
    /// -363 Input buffer overrun.
    case inputBufferOverrun = -363
    /// -400 Query error.
    case queryError = -400
    /// -410 Query INTERRUPTED.
    case queryInterrupted = -410
    /// -420 Query UNTERMINATED.
    case queryUnterminated = -420
    /// -430 Query DEADLOCKED.
    case queryDeadlocked = -430

    /// The standard text, e.g. `Undefined header` for -113.
    public var message: String {
        switch self {
        case .commandError: "Command error"
        case .invalidCharacter: "Invalid character"
        case .syntaxError: "Syntax error"
        case .invalidSeparator: "Invalid separator"
        case .dataTypeError: "Data type error"
        case .parameterNotAllowed: "Parameter not allowed"
        case .missingParameter: "Missing parameter"
        case .programMnemonicTooLong: "Program mnemonic too long"
        case .undefinedHeader: "Undefined header"
        case .headerSuffixOutOfRange: "Header suffix out of range"
        case .numericDataError: "Numeric data error"
        case .invalidSuffix: "Invalid suffix"
        case .invalidCharacterData: "Invalid character data"
        case .invalidStringData: "Invalid string data"
        case .invalidBlockData: "Invalid block data"
        case .executionError: "Execution error"
        case .settingsConflict: "Settings conflict"
        case .dataOutOfRange: "Data out of range"
        case .tooMuchData: "Too much data"
        case .illegalParameterValue: "Illegal parameter value"
        case .hardwareError: "Hardware error"
        case .systemError: "System error"
        case .selfTestFailed: "Self-test failed"
        case .queueOverflow: "Queue overflow"
        case .inputBufferOverrun: "Input buffer overrun"
        case .queryError: "Query error"
        case .queryInterrupted: "Query INTERRUPTED"
        case .queryUnterminated: "Query UNTERMINATED"
        case .queryDeadlocked: "Query DEADLOCKED"
        }
    }

    /// The error-queue entry for this error, with optional device-specific information after the `;`.
    public func entry(info: String? = nil) -> SCPIErrorEntry {
        SCPIErrorEntry(code: rawValue, message: message, info: info)
    }

    /// The standard text for `code`, or nil when the code is not one of the standard numbers listed here.
    public static func message(for code: Int) -> String? {
        if code == 0 { return "No error" }
        return SCPIStandardError(rawValue: code)?.message
    }
}
