import Foundation
import Testing

/// `qualstation discover --lan` lists an LXI instrument announced over mDNS and a VXI-11 portmapper that answers
/// the broadcast, inside two network namespaces joined by a veth pair that the test creates: nothing reaches any
/// outside address. Needs root (`ip netns`) and PyPI `zeroconf`; skipped with a message otherwise.
@Suite("qualstation discover --lan in a network namespace")
struct DiscoverLANTests {
    static let script = """
        set -e
        id=$$
        a=qsda$id; b=qsdb$id
        ip netns add $a
        ip netns add $b
        trap 'kill $peer 2>/dev/null; ip netns del $a; ip netns del $b' EXIT
        ip link add qsd$id netns $a type veth peer name qsp$id netns $b
        ip -n $a addr add 10.77.0.1/24 brd + dev qsd$id
        ip -n $b addr add 10.77.0.2/24 brd + dev qsp$id
        ip -n $a link set lo up; ip -n $b link set lo up
        ip -n $a link set qsd$id up; ip -n $b link set qsp$id up
        ip netns exec $b python3 "$1" 10.77.0.2 12 > "$3" 2>&1 &
        peer=$!
        for i in $(seq 50); do grep -q announcing "$3" 2>/dev/null && break; sleep 0.2; done
        ip netns exec $a "$2" discover --json --lan --interface qsd$id --timeout 3
        """

    @Test("an announced LXI instrument and a VXI-11 broadcast responder are listed with resource strings")
    func discoversInANamespace() async throws {
        guard getuid() == 0 else {
            print("skipping: creating network namespaces needs root")
            return
        }
        let probe = try await QualStationProcess.python("import zeroconf", arguments: [])
        guard probe.status == 0 else {
            print("skipping: PyPI zeroconf is not installed (python3 -m pip install -r .ci/requirements.txt)")
            return
        }
        let peer = QualStationProcess.packageRoot.appendingPathComponent("Tests/EndToEndTests/Peers/lan_announcer.py").path
        let log = try QualStationProcess.scratchDirectory().appendingPathComponent("announcer.log").path
        let executable = QualStationProcess.executable.path
        let (status, output, errors) = try await QualStationProcess.execute(
            "/bin/bash", ["-c", Self.script, "discover-test", peer, executable, log])
        #expect(status == 0, "\(errors)\n\(output)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]], "\(output)")
        let resources = list.compactMap { $0["resource"] as? String }
        #expect(resources.contains("TCPIP0::10.77.0.2::inst0::INSTR"), "\(output)\n\(errors)")
        #expect(resources.contains("TCPIP0::10.77.0.2::5025::SOCKET"), "\(output)")
        #expect(list.contains { ($0["service"] as? String) == "_lxi._tcp" && ($0["name"] as? String) == "QualStation Test LXI" },
                "\(output)")
        #expect(list.contains { ($0["method"] as? String) == "vxi11-broadcast" && ($0["port"] as? Int) == 1024 }, "\(output)")
    }
}
