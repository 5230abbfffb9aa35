/// How an ``SCPISession`` gets back in step with its instrument after a timeout or a reply it could not use.
///
/// A query that timed out may still be answered: on a raw socket or a serial line that late reply would be read
/// as the answer to whatever is asked next (a slow `MEAS:POW?` answering the following `BER?`). So after any
/// such failure the session drains its input and proves, with a round trip whose answer it can recognise, that
/// nothing older is still on its way, before it sends the next query. Sources: IEEE 488.2 `*CLS` / `*ESE`
/// (protocols.md §2, scpi-parser `ieee488.c`); USBTMC `INITIATE_CLEAR` (protocols.md §1, Linux `usbtmc.c`);
/// the need itself: instruments-audit.md, "Sessions".
public enum SCPIResynchronisation: Sendable, Equatable {
    /// `*CLS`, then a sentinel round trip whose answer is unique to this resynchronisation
    /// (`*ESE <a>;*ESE?;*ESE <b>;*ESE?` echoes the pair `a;b`; a plain `*OPC?` always answers `1`, so a stale `1`
    /// of an earlier attempt, or a late boolean answer, could pass for a fresh one): every line before the echo is a late reply and is dropped. On a USBTMC link a device clear
    /// (`INITIATE_CLEAR`, which also empties the instrument's output queue) replaces the round trip.
    case clearAndOperationComplete
    /// `*IDN?`: every line before one shaped like an identity (`maker,model,serial,firmware`) is dropped. For
    /// instruments without `*CLS` and `*OPC?`, such as the MultiLane bridge (scopehal-mlbert-bridge
    /// `BertServer.cpp` answers `*IDN?` and its own commands only).
    case identify
}
