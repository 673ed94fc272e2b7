import Foundation
import ReproSupport
import Synchronization
import Testing

final class Recorder: Sendable {
    let lines = Mutex<[String]>([])
    let now = Mutex<Double>(0)
    func sink(_ text: String) { lines.withLock { $0.append(text) } }
}

@Suite struct ProgressTests {
    @Test func logModePrintsPeriodicLinesWithRateAndETA() {
        let recorder = Recorder()
        let progress = ProgressDisplay(label: "train", total: 100, unit: "epochs", mode: .log(interval: 10),
                                       clock: { recorder.now.withLock { $0 } }, sink: recorder.sink)
        for step in 1...100 {
            recorder.now.withLock { $0 = Double(step) }   // one epoch per second
            progress.advance()
        }
        progress.finish()
        let lines = recorder.lines.withLock { $0 }
        // First line at t=1, then every 10 s: t = 1, 11, ..., 91 -> 10 lines, plus the final one.
        #expect(lines.count == 11)
        #expect(lines[0] == "train: 1/100 epochs (1%), 1.00 epochs/s, ETA 1m39s\n")
        #expect(lines[1].hasPrefix("train: 11/100 epochs (11%), 1.00 epochs/s, ETA 1m29s"))
        #expect(lines.last == "train: done in 1m40s\n")
    }

    @Test func quietPrintsNothing() {
        let recorder = Recorder()
        let progress = ProgressDisplay(label: "x", total: 3, unit: "it", mode: .quiet, sink: recorder.sink)
        progress.advance(by: 3)
        progress.finish()
        #expect(recorder.lines.withLock { $0 }.isEmpty)
    }

    @Test func terminalModeRedrawsInPlace() {
        let recorder = Recorder()
        let progress = ProgressDisplay(label: "hash", total: 4, unit: "MB", mode: .terminal,
                                       clock: { recorder.now.withLock { $0 } }, sink: recorder.sink)
        recorder.now.withLock { $0 = 2 }
        progress.advance(by: 2)
        let line = recorder.lines.withLock { $0 }.first ?? ""
        #expect(line.hasPrefix("\rhash [############............]  50% 2/4 MB 1.00 MB/s ETA 2s"))
    }

    @Test func parallelTerminalDisplaysPrintLinesOfTheirOwn() {
        let recorder = Recorder()
        let clock: @Sendable () -> Double = { recorder.now.withLock { $0 } }
        let first = ProgressDisplay(label: "train[seed=0]", total: 10, unit: "epochs", mode: .terminal, clock: clock,
                                    sink: recorder.sink)
        let second = ProgressDisplay(label: "train[seed=1]", total: 10, unit: "epochs", mode: .terminal, clock: clock,
                                     sink: recorder.sink)
        recorder.now.withLock { $0 = 1 }
        first.advance()
        second.advance()
        recorder.now.withLock { $0 = 1.5 }
        first.advance()   // within 2 s of its last line: nothing
        let lines = recorder.lines.withLock { $0 }
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.hasSuffix("\u{1B}[K\n") })
        #expect(lines[0].contains("train[seed=0]") && lines[1].contains("train[seed=1]"))
        first.finish()
        second.finish()
    }

    @Test func durations() {
        #expect(ProgressDisplay.duration(42) == "42s")
        #expect(ProgressDisplay.duration(185) == "3m05s")
        #expect(ProgressDisplay.duration(3720) == "1h02m")
    }
}
