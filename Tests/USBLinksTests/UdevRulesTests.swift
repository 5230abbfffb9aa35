import Foundation
import Testing
@testable import USBLinks

/// Checks udev/70-qualstation.rules without udevd: every line parses as udev rule syntax, every rule grants group
/// qualstation with mode 0660 and nothing world-accessible, and the file covers USBTMC and every known chip.
@Suite("udev rules")
struct UdevRulesTests {
    /// One `KEY{attribute}OP"value"` pair.
    struct Token: Equatable {
        var key: String
        var attribute: String?
        var op: String
        var value: String
    }

    static let matchKeys: Set<String> = [
        "ACTION", "SUBSYSTEM", "SUBSYSTEMS", "KERNEL", "KERNELS", "DRIVER", "DRIVERS", "ENV", "ATTR", "ATTRS",
        "TAG", "TAGS", "TEST", "PROGRAM", "RESULT", "DEVPATH", "NAME", "SYMLINK",
    ]
    static let assignKeys: Set<String> = [
        "GROUP", "MODE", "OWNER", "SYMLINK", "ENV", "RUN", "IMPORT", "GOTO", "LABEL", "TAG", "OPTIONS", "ATTR",
    ]
    static let keysWithAttribute: Set<String> = ["ENV", "ATTR", "ATTRS", "IMPORT", "TEST"]

    static func rulesText() throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("udev/70-qualstation.rules")
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The rule lines (no comments, no blank lines), with their line numbers.
    static func ruleLines() throws -> [(number: Int, text: String)] {
        try rulesText().split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { (number: $0.offset + 1, text: $0.element.trimmingCharacters(in: .whitespaces)) }
            .filter { !$0.text.isEmpty && !$0.text.hasPrefix("#") }
    }

    /// Parses one rule line; `nil` when it is not `token, token, …` with quoted values.
    static func parse(_ line: String) -> [Token]? {
        var tokens: [Token] = []
        var rest = Substring(line)
        while !rest.isEmpty {
            let key = rest.prefix { $0.isUppercase || $0 == "_" }
            guard !key.isEmpty else { return nil }
            rest = rest.dropFirst(key.count)
            var attribute: String?
            if rest.first == "{" {
                guard let close = rest.firstIndex(of: "}") else { return nil }
                attribute = String(rest[rest.index(after: rest.startIndex)..<close])
                rest = rest[rest.index(after: close)...]
            }
            let op = ["==", "!=", "+=", "-=", ":=", "="].first { rest.hasPrefix($0) }
            guard let op else { return nil }
            rest = rest.dropFirst(op.count)
            guard rest.first == "\"" else { return nil }
            rest = rest.dropFirst()
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            tokens.append(Token(key: String(key), attribute: attribute, op: op, value: String(rest[..<end])))
            rest = rest[rest.index(after: end)...]
            if rest.hasPrefix(", ") {
                rest = rest.dropFirst(2)
                guard !rest.isEmpty else { return nil }
            } else if !rest.isEmpty {
                return nil
            }
        }
        return tokens
    }

    @Test("every rule line parses as udev syntax with known keys and operators")
    func syntax() throws {
        let lines = try Self.ruleLines()
        #expect(lines.count >= 10)
        for line in lines {
            let tokens = try #require(Self.parse(line.text), "line \(line.number) does not parse: \(line.text)")
            for token in tokens {
                let isMatch = token.op == "==" || token.op == "!="
                let known = isMatch ? Self.matchKeys.contains(token.key) : Self.assignKeys.contains(token.key)
                let role = isMatch ? "match" : "assignment"
                #expect(known, "line \(line.number): \(token.key)\(token.op) is not a udev \(role)")
                if Self.keysWithAttribute.contains(token.key) {
                    #expect(token.attribute?.isEmpty == false, "line \(line.number): \(token.key) needs {…}")
                }
            }
        }
    }

    @Test("every GOTO has its LABEL, and removals skip the file")
    func labels() throws {
        let tokens = try Self.ruleLines().compactMap { Self.parse($0.text) }.flatMap { $0 }
        let gotos = Set(tokens.filter { $0.key == "GOTO" }.map(\.value))
        let labels = Set(tokens.filter { $0.key == "LABEL" }.map(\.value))
        #expect(gotos == ["qualstation_end"])
        #expect(gotos.isSubset(of: labels))
        let first = try #require(Self.ruleLines().first.flatMap { Self.parse($0.text) })
        #expect(first == [Token(key: "ACTION", attribute: nil, op: "==", value: "remove"),
                          Token(key: "GOTO", attribute: nil, op: "=", value: "qualstation_end")])
    }

    @Test("every device rule grants group qualstation with mode 0660, and nothing is world-accessible")
    func permissions() throws {
        #expect(!(try Self.rulesText()).contains("0666"))
        for line in try Self.ruleLines() {
            let tokens = try #require(Self.parse(line.text))
            #expect(!tokens.contains { $0.key == "TAG" && $0.value == "uaccess" }, "line \(line.number)")
            #expect(!tokens.contains { $0.key == "MODE" && $0.value.last != "0" }, "line \(line.number)")
            if tokens.contains(where: { $0.key == "GOTO" || $0.key == "LABEL" }) { continue }
            let group = tokens.first { $0.key == "GROUP" }?.value
            let mode = tokens.first { $0.key == "MODE" }?.value
            let runs = tokens.filter { $0.key == "RUN" }.map(\.value)
            if group == nil && mode == nil {
                // The usb_interface rule: no node of its own, so it sets its parent usb_device node.
                #expect(tokens.contains(Token(key: "ENV", attribute: "DEVTYPE", op: "==", value: "usb_interface")),
                        "line \(line.number) grants no access")
                #expect(runs.contains { $0.hasPrefix("/bin/chgrp qualstation ") }, "line \(line.number)")
                #expect(runs.contains { $0.hasPrefix("/bin/chmod 0660 ") }, "line \(line.number)")
            } else {
                #expect(group == "qualstation", "line \(line.number)")
                #expect(mode == "0660", "line \(line.number)")
            }
        }
    }

    @Test("USBTMC is matched by interface class fe / subclass 03, and the kernel usbtmc nodes too")
    func usbtmc() throws {
        let tokens = try Self.ruleLines().compactMap { Self.parse($0.text) }
        #expect(tokens.contains { $0.contains(Token(key: "ENV", attribute: "ID_USB_INTERFACES", op: "==",
                                                    value: "*:fe03??:*")) })
        #expect(tokens.contains {
            $0.contains(Token(key: "ATTR", attribute: "bInterfaceClass", op: "==", value: "fe"))
                && $0.contains(Token(key: "ATTR", attribute: "bInterfaceSubClass", op: "==", value: "03"))
        })
        #expect(tokens.contains { $0.contains(Token(key: "KERNEL", attribute: nil, op: "==", value: "usbtmc[0-9]*")) })
    }

    @Test("every USB-serial chip QualStation knows has a tty rule")
    func chips() throws {
        let tokens = try Self.ruleLines().compactMap { Self.parse($0.text) }
        for chip in KnownUSBDevices.serialChips {
            let vendor = USBIDText.plainHex(chip.vendorID)
            let product = USBIDText.plainHex(chip.productID)
            let covered = tokens.contains { rule in
                rule.contains(Token(key: "SUBSYSTEM", attribute: nil, op: "==", value: "tty"))
                    && rule.contains(Token(key: "ATTRS", attribute: "idVendor", op: "==", value: vendor))
                    && rule.contains { $0.key == "ATTRS" && $0.attribute == "idProduct"
                        && $0.value.split(separator: "|").contains(Substring(product)) }
            }
            #expect(covered, "no tty rule for \(chip.vendor) \(chip.chip) \(vendor):\(product)")
        }
    }

    @Test("stable names live under /dev/qualstation/ and are built from serial numbers")
    func symlinks() throws {
        let links = try Self.ruleLines().compactMap { Self.parse($0.text) }.flatMap { $0 }
            .filter { $0.key == "SYMLINK" }.map(\.value)
        #expect(links.count >= 3)
        #expect(links.allSatisfy { $0.hasPrefix("qualstation/") && $0.contains("ID_SERIAL_SHORT") })
        #expect(links.contains("qualstation/usbtmc-$env{ID_VENDOR_ID}-$env{ID_MODEL_ID}-$env{ID_SERIAL_SHORT}"))
        #expect(links.contains("qualstation/tty-$env{ID_VENDOR_ID}-$env{ID_MODEL_ID}-$env{ID_SERIAL_SHORT}"))
    }

    @Test("the parser rejects broken lines, so the checks above can fail")
    func parserRejects() {
        #expect(Self.parse("SUBSYSTEM==\"tty\" MODE=\"0660\"") == nil)
        #expect(Self.parse("SUBSYSTEM==\"tty\", MODE=0660") == nil)
        #expect(Self.parse("SUBSYSTEM==\"tty\", ") == nil)
        #expect(Self.parse("ATTRS{idVendor==\"0403\"") == nil)
        #expect(Self.parse("SUBSYSTEM==\"tty\", GROUP=\"qualstation\"")?.count == 2)
    }
}
