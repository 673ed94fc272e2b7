import Tensors
import Testing

@Suite struct RandomTests {
    // Known-answer tests of Philox4x32-10 from the Random123 distribution (kat_vectors).
    @Test func philoxKnownAnswers() {
        let zero = Philox(seed: 0).block(stream: 0, counter: 0)
        #expect([zero.0, zero.1, zero.2, zero.3] == [0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8])
        let ones = Philox(seed: .max).block(stream: .max, counter: .max)
        #expect([ones.0, ones.1, ones.2, ones.3] == [0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd])
    }

    @Test func streamsAreReproducibleAndIndependentOfOrder() {
        var a = Philox(seed: 7).stream(3)
        var b = Philox(seed: 7).stream(3)
        var other = Philox(seed: 7).stream(4)
        let first = (0..<100).map { _ in a.nextUniform() }
        _ = other.nextUniform()   // drawing from another stream changes nothing
        let second = (0..<100).map { _ in b.nextUniform() }
        #expect(first == second)
        #expect(first.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    @Test func normalMomentsAreStandard() {
        var stream = Philox(seed: 1).stream(0)
        let draws = (0..<200_000).map { _ in stream.nextNormal() }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(draws.count)
        // Standard errors: 1/sqrt(n) = 0.0022 for the mean, sqrt(2/n) = 0.0032 for the variance.
        #expect(abs(mean) < 0.01)
        #expect(abs(variance - 1) < 0.015)
    }

    @Test func permutationIsAPermutation() {
        var stream = Philox(seed: 2).stream(9)
        let p = stream.permutation(1000)
        #expect(p.sorted() == Array(0..<1000))
        #expect(p != Array(0..<1000))
    }
}
